package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;

/** Endpoints, as upstream's {@code printEndpoints}: NAME, ENDPOINTS, AGE. */
public final class EndpointsTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Endpoints", "string", "The set of all endpoints is the union of all subsets."),
            Column.ageColumn());
    private static final int MAX = 3;

    @Override
    public List<Object> cells(ObjectNode ep) {
        return List.of(Meta.name(ep), format(ep.path("subsets")), Age.of(ep));
    }

    /** Upstream's {@code formatEndpoints}: up to three {@code ip:port} pairs, then {@code + N more...}. */
    static String format(JsonNode subsets) {
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode ss : subsets) {
            JsonNode ports = ss.path("ports");
            for (JsonNode addr : ss.path("addresses")) {
                String ip = Cells.text(addr, "ip");
                if (ports.isEmpty()) {
                    if (list.size() < MAX) {
                        list.add(ip);
                    }
                    count++;
                    continue;
                }
                for (JsonNode port : ports) {
                    if (list.size() < MAX) {
                        list.add(ip + ":" + port.path("port").asLong());
                    }
                    count++;
                }
            }
        }
        String out = String.join(",", list);
        if (count > list.size()) {
            out += " + " + (count - list.size()) + " more...";
        }
        // Only a missing subsets list prints <none>; subsets without addresses print nothing.
        return subsets.isEmpty() ? "<none>" : out;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

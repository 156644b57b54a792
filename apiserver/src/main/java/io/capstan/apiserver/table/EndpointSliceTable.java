package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;

/** EndpointSlices, as upstream's {@code printEndpointSlice}: NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE. */
public final class EndpointSliceTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("AddressType", "string", "addressType specifies the type of address carried by this EndpointSlice."),
            Column.of("Ports", "string", "ports specifies the list of network ports exposed by each endpoint in this slice."),
            Column.of("Endpoints", "string", "endpoints is a list of unique endpoints in this slice."),
            Column.ageColumn());
    private static final int MAX = 3;

    @Override
    public List<Object> cells(ObjectNode slice) {
        return List.of(Meta.name(slice), Cells.text(slice, "addressType"), ports(slice.path("ports")),
                endpoints(slice.path("endpoints")), Age.of(slice));
    }

    /** Upstream's {@code formatDiscoveryPorts}: port numbers (or names, or {@code *}) joined by commas, {@code <unset>} for none. */
    private static String ports(JsonNode ports) {
        List<String> out = new ArrayList<>();
        int more = 0;
        for (JsonNode p : ports) {
            if (out.size() < MAX) {
                out.add(p.hasNonNull("port") ? Long.toString(p.path("port").asLong()) : p.hasNonNull("name") ? p.get("name").asText() : "*");
            } else {
                more++;
            }
        }
        if (out.isEmpty()) {
            return "<unset>";
        }
        return String.join(",", out) + (more > 0 ? " + " + more + " more..." : "");
    }

    /** Upstream's {@code formatDiscoveryEndpoints}: up to three addresses, then {@code + N more...}. */
    private static String endpoints(JsonNode endpoints) {
        List<String> out = new ArrayList<>();
        int more = 0;
        for (JsonNode e : endpoints) {
            for (JsonNode a : e.path("addresses")) {
                if (out.size() < MAX) {
                    out.add(a.asText());
                } else {
                    more++;
                }
            }
        }
        if (out.isEmpty()) {
            return "<unset>";
        }
        return String.join(",", out) + (more > 0 ? " + " + more + " more..." : "");
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

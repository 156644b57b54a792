package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** ResourceQuotas, as upstream's {@code printResourceQuota}: NAME, AGE, REQUEST, LIMIT. */
public final class ResourceQuotaTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.ageColumn(),
            Column.of("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Column.of("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."));

    @Override
    public List<Object> cells(ObjectNode q) {
        TreeMap<String, String> hard = new TreeMap<>();
        q.path("status").path("hard").properties().forEach(e -> hard.put(e.getKey(), e.getValue().asText()));
        JsonNode used = q.path("status").path("used");
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        hard.forEach((name, value) -> {
            String cell = name + ": " + used.path(name).asText("0") + "/" + value;
            (name.startsWith("limits.") ? limits : requests).add(cell);
        });
        return List.of(Meta.name(q), Age.of(q), String.join(", ", requests), String.join(", ", limits));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

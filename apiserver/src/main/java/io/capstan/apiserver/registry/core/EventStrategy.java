package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Core Events: upstream's field selectors ({@code involvedObject.*}, {@code reason}, {@code type}, ...), used by {@code kubectl describe}. */
public final class EventStrategy implements Strategy {
    private static final Set<String> FIELDS = Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
            "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type");

    @Override
    public Map<String, String> selectableFields(ObjectNode event) {
        JsonNode io = event.path("involvedObject");
        Map<String, String> f = new LinkedHashMap<>();
        for (String field : new String[] {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}) {
            f.put("involvedObject." + field, io.path(field).asText(""));
        }
        f.put("reason", event.path("reason").asText(""));
        f.put("reportingComponent", event.path("reportingComponent").asText(""));
        String source = event.path("source").path("component").asText("");
        f.put("source", source.isEmpty() ? event.path("reportingComponent").asText("") : source);
        f.put("type", event.path("type").asText(""));
        return f;
    }

    @Override
    public Set<String> selectableFieldNames() {
        return FIELDS;
    }
}

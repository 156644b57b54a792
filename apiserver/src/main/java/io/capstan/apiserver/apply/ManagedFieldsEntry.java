package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

/**
 * One {@code metadata.managedFields} entry: a manager, the operation that gave it its fields
 * ({@code Apply} or {@code Update}), the API version and subresource it used, when its fields last
 * changed, and the fields.
 */
public record ManagedFieldsEntry(String manager, String operation, String apiVersion, String time,
                                 String subresource, FieldSet fields) {
    public static final String APPLY = "Apply";
    public static final String UPDATE = "Update";

    public ManagedFieldsEntry {
        manager = manager == null ? "" : manager;
        operation = operation == null ? "" : operation;
        apiVersion = apiVersion == null ? "" : apiVersion;
        subresource = subresource == null ? "" : subresource;
        fields = fields == null ? FieldSet.EMPTY : fields;
    }

    /**
     * Upstream's manager identifier: appliers are one manager whatever version they use; updaters
     * are one per API version. Time and fields are never part of it.
     */
    public String identity() {
        return manager + "\u0000" + operation + "\u0000" + (APPLY.equals(operation) ? "" : apiVersion) + "\u0000" + subresource;
    }

    /** This entry with other fields and time. */
    public ManagedFieldsEntry with(FieldSet newFields, String newTime) {
        return new ManagedFieldsEntry(manager, operation, apiVersion, newTime, subresource, newFields);
    }

    /** How upstream names the manager in a conflict: {@code "kubectl"}, {@code "mgr" using apps/v1}. */
    public String describe() {
        String s = "\"" + manager + "\"";
        if (!subresource.isEmpty()) {
            s += " with subresource \"" + subresource + "\"";
        }
        if (UPDATE.equals(operation)) {
            s += " using " + apiVersion;
        }
        return s;
    }

    /** Reads an entry; an unreadable {@code fieldsV1} gives {@link IllegalArgumentException}. */
    public static ManagedFieldsEntry fromJson(JsonNode node) {
        return new ManagedFieldsEntry(node.path("manager").asText(""), node.path("operation").asText(""),
                node.path("apiVersion").asText(""), node.hasNonNull("time") ? node.get("time").asText() : null,
                node.path("subresource").asText(""), FieldSet.fromFieldsV1(node.get("fieldsV1")));
    }

    /** The JSON form, fields in upstream's order. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("manager", manager);
        o.put("operation", operation);
        o.put("apiVersion", apiVersion);
        if (time != null) {
            o.put("time", time);
        }
        o.put("fieldsType", "FieldsV1");
        o.set("fieldsV1", fields.toFieldsV1());
        if (!subresource.isEmpty()) {
            o.put("subresource", subresource);
        }
        return o;
    }
}

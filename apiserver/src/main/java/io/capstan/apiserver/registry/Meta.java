package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes {@code metadata} fields of an object held as a JSON tree. */
public final class Meta {
    private Meta() {
    }

    /** The object's {@code metadata}, created when missing. */
    public static ObjectNode of(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode o) {
            return o;
        }
        return obj.putObject("metadata");
    }

    public static String name(ObjectNode obj) {
        return text(obj, "name");
    }

    public static String namespace(ObjectNode obj) {
        return text(obj, "namespace");
    }

    public static String uid(ObjectNode obj) {
        return text(obj, "uid");
    }

    public static String resourceVersion(ObjectNode obj) {
        return text(obj, "resourceVersion");
    }

    public static String text(ObjectNode obj, String field) {
        JsonNode m = obj.get("metadata");
        if (m == null || !m.hasNonNull(field)) {
            return null;
        }
        JsonNode v = m.get(field);
        return v.isValueNode() ? v.asText() : null;
    }

    /** Labels as a map; empty when absent. */
    public static Map<String, String> labels(ObjectNode obj) {
        return stringMap(obj.path("metadata").path("labels"));
    }

    /** Reads a JSON object of strings into a map. */
    public static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    /** True when the object is being deleted. */
    public static boolean deleting(ObjectNode obj) {
        return obj.path("metadata").hasNonNull("deletionTimestamp");
    }

    /** True when {@code metadata.finalizers} is non-empty. */
    public static boolean hasFinalizers(ObjectNode obj) {
        JsonNode f = obj.path("metadata").path("finalizers");
        return f.isArray() && !f.isEmpty();
    }
}

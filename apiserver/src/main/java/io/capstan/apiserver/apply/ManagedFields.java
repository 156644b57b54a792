package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads and writes an object's {@code metadata.managedFields}, sorted as upstream stores them. */
public final class ManagedFields {
    /** Upstream's order: Apply before Update, then oldest first, then by manager, version and subresource. */
    static final Comparator<ManagedFieldsEntry> ORDER = Comparator.comparing(ManagedFieldsEntry::operation)
            .thenComparing(e -> e.time() == null ? "" : e.time())
            .thenComparing(ManagedFieldsEntry::manager)
            .thenComparing(ManagedFieldsEntry::apiVersion)
            .thenComparing(ManagedFieldsEntry::subresource);

    private ManagedFields() {
    }

    /**
     * The entries of {@code obj}; null when it has none or they cannot be read (a client's garbage),
     * so that the caller falls back as upstream does.
     */
    public static List<ManagedFieldsEntry> decode(ObjectNode obj) {
        JsonNode list = obj == null ? null : obj.path("metadata").get("managedFields");
        if (list == null || !list.isArray() || list.isEmpty()) {
            return null;
        }
        List<ManagedFieldsEntry> out = new ArrayList<>();
        try {
            for (JsonNode e : list) {
                if (!e.isObject()) {
                    return null;
                }
                out.add(ManagedFieldsEntry.fromJson(e));
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return out;
    }

    /** Writes {@code entries} (those with fields) into {@code obj}, removing the field when none remain. */
    public static void encode(ObjectNode obj, List<ManagedFieldsEntry> entries) {
        ObjectNode meta = obj.path("metadata").isObject() ? (ObjectNode) obj.get("metadata") : obj.putObject("metadata");
        List<ManagedFieldsEntry> kept = new ArrayList<>(entries.stream().filter(e -> !e.fields().isEmpty()).toList());
        if (kept.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        kept.sort(ORDER);
        ArrayNode arr = Json.MAPPER.createArrayNode();
        kept.forEach(e -> arr.add(e.toJson()));
        meta.set("managedFields", arr);
    }
}

package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.apply.FieldTypes;
import io.capstan.apiserver.apply.ListType;
import io.capstan.common.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server-side apply field types of a built-in kind, read from the schema {@link ModelDefinitions}
 * publishes for it, as upstream's field manager reads them from its OpenAPI models (kube-openapi's
 * {@code schemaconv}): {@code x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys}, else a
 * {@code merge} patch strategy makes a list associative on its {@code x-kubernetes-patch-merge-key};
 * any other list is atomic. {@code x-kubernetes-map-type: atomic} makes a map or struct atomic. A
 * map list's key fields take the {@code default} their schema declares (a port's {@code protocol}).
 * Fields the schema does not know are treated as upstream treats untyped values: lists atomic, maps
 * granular.
 */
public final class ModelFieldTypes implements FieldTypes {
    private static final Map<Class<?>, ModelFieldTypes> KINDS = new ConcurrentHashMap<>();

    /**
     * Go's non-pointer structs: an empty Go object already holds them, so upstream never sees them
     * added. Whether a field is a pointer is lost in the fabric8 classes (and in OpenAPI), so this one
     * fact stays a list of field names.
     */
    private static final Set<String> NON_POINTER_STRUCTS = Set.of("metadata", "spec", "status", "template",
            "strategy", "updateStrategy", "resources", "jobTemplate");

    private final Map<String, ObjectNode> definitions;
    private final JsonNode root;
    private final Map<List<String>, ListType> lists = new ConcurrentHashMap<>();
    private final Map<List<String>, Boolean> atomicMaps = new ConcurrentHashMap<>();

    private ModelFieldTypes(Map<String, ObjectNode> definitions, JsonNode root) {
        this.definitions = definitions;
        this.root = root;
    }

    /** The field types of a kind, from its fabric8 model class (built once per class). */
    public static ModelFieldTypes of(Class<?> modelClass) {
        return KINDS.computeIfAbsent(modelClass, m -> {
            ModelDefinitions defs = new ModelDefinitions(ModelDefinitions.Dialect.SWAGGER_2);
            String name = defs.add(m);
            Map<String, ObjectNode> all = Map.copyOf(defs.definitions());
            return new ModelFieldTypes(all, all.get(name));
        });
    }

    @Override
    public ListType list(List<String> fieldNames) {
        return lists.computeIfAbsent(List.copyOf(fieldNames), this::listType);
    }

    @Override
    public boolean atomicMap(List<String> fieldNames) {
        return atomicMaps.computeIfAbsent(List.copyOf(fieldNames), names -> {
            JsonNode field = field(names);
            if (field == null) {
                return false;
            }
            return "atomic".equals(field.path("x-kubernetes-map-type").asText(null))
                    || "atomic".equals(resolve(field).path("x-kubernetes-map-type").asText(null));
        });
    }

    @Override
    public boolean alwaysPresent(List<String> fieldNames) {
        return fieldNames.isEmpty() || NON_POINTER_STRUCTS.contains(fieldNames.get(fieldNames.size() - 1));
    }

    private ListType listType(List<String> names) {
        JsonNode field = field(names);
        if (field == null || !field.has("items")) {
            return ListType.ATOMIC;
        }
        String listType = field.path("x-kubernetes-list-type").asText("");
        switch (listType) {
            case "set" -> {
                return ListType.SET;
            }
            case "map" -> {
                List<String> keys = new ArrayList<>();
                field.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
                return withDefaults(ListType.map(keys.toArray(String[]::new)), field);
            }
            case "" -> {
                // kube-openapi's fallback for lists without a list type: patch strategy exactly "merge".
                if (!field.path("x-kubernetes-patch-strategy").asText("").equals("merge")) {
                    return ListType.ATOMIC;
                }
                String key = field.path("x-kubernetes-patch-merge-key").asText("");
                return key.isEmpty() ? ListType.SET : withDefaults(ListType.map(key), field);
            }
            default -> {
                return ListType.ATOMIC;
            }
        }
    }

    /** The map list with the defaults its items' schema declares for key fields. */
    private ListType withDefaults(ListType type, JsonNode list) {
        JsonNode properties = resolve(list.get("items")).path("properties");
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (String k : type.keys()) {
            JsonNode d = properties.path(k).get("default");
            if (d != null && !d.isNull()) {
                defaults.put(k, Json.MAPPER.convertValue(d, Object.class));
            }
        }
        return defaults.isEmpty() ? type : type.withDefaults(defaults);
    }

    /** The schema of the field at {@code names} (list items skipped), unresolved; null when unknown. */
    private JsonNode field(List<String> names) {
        JsonNode current = root;
        for (String name : names) {
            if (current == null) {
                return null;
            }
            JsonNode level = resolve(current);
            while (level.has("items")) {
                level = resolve(level.get("items"));
            }
            JsonNode properties = level.get("properties");
            JsonNode next = properties != null ? properties.get(name) : null;
            if (next == null && level.path("additionalProperties").isObject()) {
                next = level.get("additionalProperties"); // a map's values
            }
            current = next;
        }
        return current;
    }

    private JsonNode resolve(JsonNode s) {
        JsonNode ref = s.get("$ref");
        if (ref == null) {
            return s;
        }
        JsonNode target = definitions.get(ref.asText().substring(ModelDefinitions.Dialect.SWAGGER_2.refPrefix().length()));
        return target == null ? s : target;
    }
}

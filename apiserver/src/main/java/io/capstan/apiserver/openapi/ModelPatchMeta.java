package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.patch.LookupPatchMeta;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strategic merge patch metadata of a built-in kind, read from the schema {@link ModelDefinitions}
 * publishes for it: the same {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}
 * that kubectl reads from {@code /openapi/v3}, so the server merges lists as the client meant (a
 * Service's {@code ports} by {@code port}, a container's by {@code containerPort}).
 */
public final class ModelPatchMeta implements LookupPatchMeta {
    private static final Map<Class<?>, LookupPatchMeta> KINDS = new ConcurrentHashMap<>();

    private final Map<String, ObjectNode> definitions;
    private final JsonNode schema;

    private ModelPatchMeta(Map<String, ObjectNode> definitions, JsonNode schema) {
        this.definitions = definitions;
        this.schema = schema;
    }

    /** The metadata of a kind's top level, from its fabric8 model class (built once per class). */
    public static LookupPatchMeta of(Class<?> modelClass) {
        return KINDS.computeIfAbsent(modelClass, m -> {
            ModelDefinitions defs = new ModelDefinitions(ModelDefinitions.Dialect.SWAGGER_2);
            String name = defs.add(m);
            Map<String, ObjectNode> all = Map.copyOf(defs.definitions());
            return new ModelPatchMeta(all, all.get(name));
        });
    }

    @Override
    public LookupPatchMeta field(String name) {
        JsonNode level = elements(resolve(schema));
        JsonNode properties = level.get("properties");
        JsonNode field = properties != null ? properties.get(name) : null;
        if (field == null && level.has("additionalProperties") && level.get("additionalProperties").isObject()) {
            field = level.get("additionalProperties"); // a map's values
        }
        return field == null ? LookupPatchMeta.NONE : new ModelPatchMeta(definitions, field);
    }

    @Override
    public String mergeKey() {
        String strategy = schema.path("x-kubernetes-patch-strategy").asText("");
        for (String s : strategy.split(",")) {
            if (s.equals("merge")) {
                return schema.path("x-kubernetes-patch-merge-key").asText("");
            }
        }
        return null;
    }

    /** A list's element schema, resolved; other schemas as they are. */
    private JsonNode elements(JsonNode s) {
        return s.has("items") ? resolve(s.get("items")) : s;
    }

    private JsonNode resolve(JsonNode s) {
        JsonNode ref = s.get("$ref");
        if (ref == null) {
            return s;
        }
        String name = ref.asText().substring(ModelDefinitions.Dialect.SWAGGER_2.refPrefix().length());
        JsonNode target = definitions.get(name);
        return target == null ? s : target;
    }
}

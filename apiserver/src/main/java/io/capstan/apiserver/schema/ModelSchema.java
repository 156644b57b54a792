package io.capstan.apiserver.schema;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The structural schema of a built-in kind, read from its fabric8 model class: which fields exist
 * at each level and of what type. It finds and prunes unknown fields, as upstream's decoder does
 * for typed objects ({@code fieldValidation} reports them; the object is stored without them).
 */
public final class ModelSchema {
    private static final Map<JavaType, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

    private final JavaType root;

    private ModelSchema(JavaType root) {
        this.root = root;
    }

    /** The schema of a fabric8 model class, e.g. {@code io.fabric8.kubernetes.api.model.Pod}. */
    public static ModelSchema of(Class<?> modelClass) {
        return new ModelSchema(Json.MAPPER.constructType(modelClass));
    }

    /** The fabric8 model class this schema was read from. */
    public Class<?> modelClass() {
        return root.getRawClass();
    }

    /**
     * Removes the fields of {@code obj} that the kind does not have.
     *
     * @return their paths as upstream writes them ({@code spec.containers[0].imagee}), in document order
     */
    public List<String> prune(ObjectNode obj) {
        List<String> unknown = new ArrayList<>();
        walk(obj, root, "", unknown);
        return unknown;
    }

    private static void walk(JsonNode node, JavaType type, String path, List<String> unknown) {
        if (node == null || type == null) {
            return;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (node instanceof ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    walk(a.get(i), type.getContentType(), path + "[" + i + "]", unknown);
                }
            }
            return;
        }
        if (type.isMapLikeType()) {
            if (node instanceof ObjectNode o) {
                o.fields().forEachRemaining(e -> walk(e.getValue(), type.getContentType(), path + "[" + e.getKey() + "]", unknown));
            }
            return;
        }
        if (!(node instanceof ObjectNode o) || !isModel(type)) {
            return;
        }
        Map<String, JavaType> props = properties(type);
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String childPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JavaType childType = props.get(e.getKey());
            if (childType == null) {
                unknown.add(childPath);
                it.remove();
            } else {
                walk(e.getValue(), childType, childPath, unknown);
            }
        }
    }

    private static boolean isModel(JavaType type) {
        String name = type.getRawClass().getName();
        return name.startsWith("io.fabric8.kubernetes.api.model.")
                && !name.equals("io.fabric8.kubernetes.api.model.Quantity")
                && !name.equals("io.fabric8.kubernetes.api.model.IntOrString")
                && !name.equals("io.fabric8.kubernetes.api.model.MicroTime")
                && !name.equals("io.fabric8.kubernetes.api.model.Duration")
                && !name.equals("io.fabric8.kubernetes.api.model.AnyType")
                // managedFields[].fieldsV1 is opaque JSON upstream; fabric8 models it with no properties.
                && !name.equals("io.fabric8.kubernetes.api.model.FieldsV1");
    }

    private static Map<String, JavaType> properties(JavaType type) {
        return PROPERTIES.computeIfAbsent(type, t -> {
            BeanDescription desc = Json.MAPPER.getDeserializationConfig().introspect(t);
            Map<String, JavaType> out = new LinkedHashMap<>();
            for (BeanPropertyDefinition p : desc.findProperties()) {
                if (p.getName().equals("additionalProperties")) {
                    continue;
                }
                JavaType pt = p.getPrimaryType();
                out.put(p.getName(), pt);
            }
            return Map.copyOf(out);
        });
    }
}

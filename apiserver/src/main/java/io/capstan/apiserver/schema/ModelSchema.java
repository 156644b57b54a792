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

    /**
     * The first value of {@code obj} whose JSON type does not fit its field's type, as upstream's decoder
     * finds it (a string where a number belongs, an array for a map, a fractional or out-of-range integer,
     * an integer-or-string that is neither, a malformed quantity or timestamp); empty when every known
     * field fits. Unknown fields are not looked at ({@link #prune} handles them); {@code null} fits anything.
     */
    public java.util.Optional<UnmarshalTypeError> typeError(JsonNode obj) {
        return java.util.Optional.ofNullable(check(obj, root, "", ""));
    }

    private static final java.util.regex.Pattern QUANTITY =
            java.util.regex.Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");

    private static UnmarshalTypeError check(JsonNode node, JavaType type, String struct, String path) {
        if (node == null || node.isNull() || type == null) {
            return null;
        }
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (!node.isArray()) {
                return mismatch(node, struct, path, goType(type));
            }
            for (JsonNode item : node) {
                UnmarshalTypeError e = check(item, type.getContentType(), struct, path);
                if (e != null) {
                    return e;
                }
            }
            return null;
        }
        if (type.isMapLikeType()) {
            if (!node.isObject()) {
                return mismatch(node, struct, path, goType(type));
            }
            for (JsonNode value : node) {
                UnmarshalTypeError e = check(value, type.getContentType(), struct, path);
                if (e != null) {
                    return e;
                }
            }
            return null;
        }
        if (raw == String.class) {
            if (!node.isTextual()) {
                return mismatch(node, struct, path, "string");
            }
            if ((path.endsWith("metadata.creationTimestamp") || path.endsWith("metadata.deletionTimestamp"))
                    && !node.asText().isEmpty() && !isTime(node.asText())) {
                return new UnmarshalTypeError("string \"" + node.asText() + "\"", struct, path, "v1.Time");
            }
            return null;
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            boolean int32 = raw == Integer.class || raw == int.class;
            String go = int32 ? "int32" : "int64";
            if (!node.isNumber()) {
                return mismatch(node, struct, path, go);
            }
            if (!node.isIntegralNumber() || (int32 ? !node.canConvertToInt() : !node.canConvertToLong())) {
                return new UnmarshalTypeError("number " + node.asText(), struct, path, go);
            }
            return null;
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            return node.isNumber() ? null : mismatch(node, struct, path, "float64");
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return node.isBoolean() ? null : mismatch(node, struct, path, "bool");
        }
        String name = raw.getName();
        switch (name) {
            case "io.fabric8.kubernetes.api.model.IntOrString" -> {
                if (node.isTextual() || node.isIntegralNumber() && node.canConvertToInt()) {
                    return null;
                }
                return new UnmarshalTypeError(node.isNumber() ? "number " + node.asText() : kind(node), struct, path, "int32");
            }
            case "io.fabric8.kubernetes.api.model.Quantity" -> {
                if (node.isNumber() || node.isTextual() && QUANTITY.matcher(node.asText()).matches()) {
                    return null;
                }
                return new UnmarshalTypeError(node.isTextual() ? "string \"" + node.asText() + "\"" : kind(node),
                        struct, path, "resource.Quantity");
            }
            case "io.fabric8.kubernetes.api.model.MicroTime", "io.fabric8.kubernetes.api.model.Duration" -> {
                return node.isTextual() ? null : mismatch(node, struct, path, "string");
            }
            default -> {
                // opaque upstream (AnyType, FieldsV1, RawExtension, JSON) or not a model: anything goes
            }
        }
        if (!isModel(type)) {
            return null;
        }
        if (!node.isObject()) {
            return mismatch(node, struct, path, goType(type));
        }
        Map<String, JavaType> props = properties(type);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JavaType childType = props.get(e.getKey());
            if (childType != null) {
                UnmarshalTypeError err = check(e.getValue(), childType, raw.getSimpleName(),
                        path.isEmpty() ? e.getKey() : path + "." + e.getKey());
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    private static UnmarshalTypeError mismatch(JsonNode node, String struct, String path, String goType) {
        return new UnmarshalTypeError(kind(node), struct, path, goType);
    }

    /** How Go's decoder names a JSON value's type. */
    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case ARRAY -> "array";
            default -> "object";
        };
    }

    private static String goType(JavaType type) {
        if (type.isCollectionLikeType() || type.isArrayType()) {
            return "[]" + goType(type.getContentType());
        }
        if (type.isMapLikeType()) {
            return "map[string]" + goType(type.getContentType());
        }
        Class<?> raw = type.getRawClass();
        if (raw == String.class) {
            return "string";
        }
        if (raw == Integer.class) {
            return "int32";
        }
        if (raw == Long.class) {
            return "int64";
        }
        if (raw == Boolean.class) {
            return "bool";
        }
        return "v1." + raw.getSimpleName();
    }

    private static boolean isTime(String s) {
        try {
            java.time.OffsetDateTime.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
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

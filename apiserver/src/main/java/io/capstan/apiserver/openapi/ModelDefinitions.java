package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionKind;
import io.capstan.common.json.Json;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI schema definitions of built-in kinds, generated from the fabric8 model classes by
 * reflection (Jackson property names and generic field types) plus upstream's tags from
 * {@link FieldTags}, named as upstream names them. One instance collects the closure of every kind
 * added, in one {@link Dialect}: Swagger 2.0 ({@code #/definitions/}) or OpenAPI 3.0
 * ({@code #/components/schemas/}, properties referring through {@code allOf}, IntOrString and
 * Quantity as {@code oneOf}), the shapes upstream's kube-openapi builders produce. Descriptions come
 * from {@link ModelDescriptions}.
 */
public final class ModelDefinitions {

    /** The two shapes upstream publishes. */
    public enum Dialect {
        SWAGGER_2("#/definitions/"),
        OPENAPI_3("#/components/schemas/");

        private final String refPrefix;

        Dialect(String refPrefix) {
            this.refPrefix = refPrefix;
        }

        /** The JSON pointer prefix of a reference to a definition. */
        public String refPrefix() {
            return refPrefix;
        }
    }

    /** Fields whose values upstream encodes as base64 ({@code []byte}, {@code format: byte}); fabric8 has strings. */
    private static final Set<String> BYTE_FIELDS = Set.of(
            "io.k8s.api.core.v1.Secret.data", "io.k8s.api.core.v1.ConfigMap.binaryData",
            "io.k8s.api.certificates.v1.CertificateSigningRequestSpec.request",
            "io.k8s.api.certificates.v1.CertificateSigningRequestStatus.certificate");

    /** Introspection is the costly part; every instance (one per document) shares it. */
    private static final Map<Class<?>, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

    private final Dialect dialect;
    private final Map<String, ObjectNode> definitions = new TreeMap<>();

    public ModelDefinitions(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Adds the definition of {@code modelClass} and of every type it refers to; returns its name. */
    public String add(Class<?> modelClass) {
        String name = DefinitionNames.of(modelClass);
        if (definitions.containsKey(name)) {
            return name;
        }
        ObjectNode special = special(name);
        if (special != null) {
            definitions.put(name, special);
            return name;
        }
        ObjectNode schema = Json.MAPPER.createObjectNode();
        definitions.put(name, schema); // before the properties, so that cycles end
        Map<String, JavaType> props = PROPERTIES.computeIfAbsent(modelClass, ModelDefinitions::introspect);
        String typeDescription = ModelDescriptions.ofType(modelClass);
        if (typeDescription != null) {
            schema.put("description", typeDescription);
        }
        ObjectNode properties = Json.MAPPER.createObjectNode();
        props.forEach((field, t) -> {
            ObjectNode property = property(name, field, t);
            String description = ModelDescriptions.ofField(modelClass, field);
            if (description != null) {
                property.put("description", description);
            }
            properties.set(field, property);
        });
        if (!properties.isEmpty()) {
            schema.set("properties", properties);
        }
        var required = FieldTags.required(name).stream().filter(props::containsKey).toList();
        if (!required.isEmpty()) {
            ArrayNode r = schema.putArray("required");
            required.forEach(r::add);
        }
        schema.put("type", "object");
        if (FieldTags.atomicStruct(name)) {
            schema.put("x-kubernetes-map-type", "atomic");
        }
        return name;
    }

    /** The JSON properties of a model class and their types, in name order (Jackson's view, as the decoder sees them). */
    private static Map<String, JavaType> introspect(Class<?> modelClass) {
        BeanDescription desc = Json.MAPPER.getDeserializationConfig().introspect(Json.MAPPER.constructType(modelClass));
        Map<String, JavaType> props = new TreeMap<>();
        for (BeanPropertyDefinition p : desc.findProperties()) {
            if (!p.getName().equals("additionalProperties")) {
                props.put(p.getName(), p.getPrimaryType());
            }
        }
        return java.util.Collections.unmodifiableMap(props);
    }

    /** Adds a hand-written definition, for kinds without a fabric8 model class on the class path. */
    public void put(String name, ObjectNode schema) {
        definitions.putIfAbsent(name, schema);
    }

    /**
     * Adds {@code gvk} to the {@code x-kubernetes-group-version-kind} list of definition {@code name},
     * once; top-level kinds carry it so clients find a kind's schema.
     */
    public void addGroupVersionKind(String name, GroupVersionKind gvk) {
        ObjectNode schema = definitions.get(name);
        if (schema == null) {
            throw new IllegalArgumentException("no definition " + name);
        }
        ArrayNode list = schema.has("x-kubernetes-group-version-kind")
                ? (ArrayNode) schema.get("x-kubernetes-group-version-kind")
                : schema.putArray("x-kubernetes-group-version-kind");
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("group", gvk.group());
        entry.put("kind", gvk.kind());
        entry.put("version", gvk.version());
        for (var existing : list) {
            if (existing.equals(entry)) {
                return;
            }
        }
        list.add(entry);
    }

    /** The definitions collected so far, by name in name order (live view). */
    public Map<String, ObjectNode> definitions() {
        return definitions;
    }

    /** A reference to definition {@code name}, as a bare schema. */
    public ObjectNode ref(String name) {
        ObjectNode ref = Json.MAPPER.createObjectNode();
        ref.put("$ref", dialect.refPrefix() + name);
        return ref;
    }

    /**
     * A property referring to definition {@code name}: a bare {@code $ref} in Swagger 2.0; in OpenAPI 3.0
     * wrapped in {@code allOf}, as kube-openapi's v3 builder does so that siblings of the reference
     * (description, default, extensions) stay valid.
     */
    public ObjectNode propertyRef(String name) {
        if (dialect == Dialect.SWAGGER_2) {
            return ref(name);
        }
        ObjectNode wrapped = Json.MAPPER.createObjectNode();
        wrapped.putArray("allOf").add(ref(name));
        return wrapped;
    }

    private ObjectNode property(String owner, String field, JavaType type) {
        ObjectNode schema = schema(owner, field, type);
        if (schema.has("$ref")) {
            schema = propertyRef(schema.get("$ref").asText().substring(dialect.refPrefix().length()));
        }
        if (BYTE_FIELDS.contains(owner + "." + field)) {
            ObjectNode target = schema.has("additionalProperties") ? (ObjectNode) schema.get("additionalProperties") : schema;
            target.put("format", "byte");
        }
        String defaultValue = FieldTags.defaultValue(owner, field);
        if (defaultValue != null) {
            schema.put("default", defaultValue);
        }
        ObjectNode ext = FieldTags.extensions(owner, field);
        if (ext != null) {
            schema.setAll(ext);
        }
        return schema;
    }

    private ObjectNode schema(String owner, String field, JavaType type) {
        Class<?> raw = type.getRawClass();
        ObjectNode s = Json.MAPPER.createObjectNode();
        if (type.isCollectionLikeType() || type.isArrayType() && raw != byte[].class) {
            s.set("items", schema(owner, field, type.getContentType()));
            s.put("type", "array");
        } else if (type.isMapLikeType()) {
            s.set("additionalProperties", schema(owner, field, type.getContentType()));
            s.put("type", "object");
        } else if (raw == String.class) {
            if (isTimeField(field)) {
                definitions.putIfAbsent(DefinitionNames.TIME, special(DefinitionNames.TIME));
                return ref(DefinitionNames.TIME);
            }
            s.put("type", "string");
        } else if (raw == byte[].class) {
            s.put("type", "string");
            s.put("format", "byte");
        } else if (raw == Integer.class || raw == int.class || raw == Short.class || raw == short.class) {
            s.put("type", "integer");
            s.put("format", "int32");
        } else if (raw == Long.class || raw == long.class) {
            s.put("type", "integer");
            s.put("format", "int64");
        } else if (raw == Boolean.class || raw == boolean.class) {
            s.put("type", "boolean");
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            s.put("type", "number");
            s.put("format", "double");
        } else if (DefinitionNames.isModel(raw) && !raw.isInterface() && !raw.getSimpleName().equals("AnyType")) {
            return ref(add(raw));
        } else {
            // Object, KubernetesResource, AnyType, JsonNode: an embedded object upstream (runtime.RawExtension).
            definitions.putIfAbsent(DefinitionNames.RAW_EXTENSION, special(DefinitionNames.RAW_EXTENSION));
            return ref(DefinitionNames.RAW_EXTENSION);
        }
        return s;
    }

    /** fabric8 keeps metav1.Time as a string; upstream's time fields are named like these. */
    private static boolean isTimeField(String field) {
        return field.endsWith("Timestamp") || field.endsWith("Time") || field.equals("time")
                || field.equals("startedAt") || field.equals("finishedAt");
    }

    /** The definitions of apimachinery's custom-marshalled types, as their OpenAPI hooks declare them; else null. */
    private ObjectNode special(String name) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        boolean v3 = dialect == Dialect.OPENAPI_3;
        switch (name) {
            case DefinitionNames.INT_OR_STRING -> {
                s.put("format", "int-or-string");
                if (v3) {
                    ArrayNode oneOf = s.putArray("oneOf");
                    oneOf.addObject().put("type", "integer");
                    oneOf.addObject().put("type", "string");
                } else {
                    s.put("type", "string");
                }
            }
            case DefinitionNames.QUANTITY -> {
                if (v3) {
                    ArrayNode oneOf = s.putArray("oneOf");
                    oneOf.addObject().put("type", "string");
                    oneOf.addObject().put("type", "number");
                } else {
                    s.put("type", "string");
                }
            }
            case DefinitionNames.TIME, DefinitionNames.MICRO_TIME -> {
                s.put("format", "date-time");
                s.put("type", "string");
            }
            case DefinitionNames.META + "Duration" -> s.put("type", "string");
            case DefinitionNames.META + "FieldsV1", DefinitionNames.RAW_EXTENSION -> s.put("type", "object");
            default -> {
                return null;
            }
        }
        return s;
    }
}

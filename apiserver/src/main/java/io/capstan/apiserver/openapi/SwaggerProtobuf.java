package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.protobuf.WireWriter;

import java.util.Iterator;
import java.util.Map;

/**
 * Encodes a Swagger 2.0 JSON document as gnostic's {@code openapi.v2.Document} protobuf message
 * (github.com/google/gnostic, openapiv2/OpenAPIv2.proto), the form kubectl and client-go ask
 * {@code /openapi/v2} for ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}).
 * It covers what Kubernetes documents hold: info, paths with operations, query, path and body
 * parameters and responses, definitions, and {@code x-} vendor extensions (whose values gnostic
 * keeps as YAML text; JSON is YAML).
 */
final class SwaggerProtobuf {
    private static final String[] METHODS = {null, null, "get", "put", "post", "delete", "options", "head", "patch"};

    private SwaggerProtobuf() {
    }

    /** The {@code Document} message of {@code swagger}, a Swagger 2.0 document. */
    static byte[] encode(ObjectNode swagger) {
        WireWriter doc = new WireWriter();
        doc.string(1, swagger.path("swagger").asText());
        if (swagger.has("info")) {
            JsonNode info = swagger.get("info");
            doc.message(2, new WireWriter().string(1, text(info, "title")).string(2, text(info, "version"))
                    .string(3, text(info, "description")));
        }
        doc.string(3, text(swagger, "host"));
        doc.string(4, text(swagger, "basePath"));
        strings(doc, 5, swagger.get("schemes"));
        strings(doc, 6, swagger.get("consumes"));
        strings(doc, 7, swagger.get("produces"));
        if (swagger.has("paths")) {
            WireWriter paths = new WireWriter();
            for (Map.Entry<String, JsonNode> e : fields(swagger.get("paths"))) {
                if (e.getKey().startsWith("x-")) {
                    paths.message(1, namedAny(e.getKey(), e.getValue()));
                } else {
                    paths.message(2, new WireWriter().string(1, e.getKey()).message(2, pathItem(e.getValue())));
                }
            }
            doc.message(8, paths);
        }
        if (swagger.has("definitions")) {
            WireWriter definitions = new WireWriter();
            for (Map.Entry<String, JsonNode> e : fields(swagger.get("definitions"))) {
                definitions.message(1, new WireWriter().string(1, e.getKey()).message(2, schema(e.getValue())));
            }
            doc.message(9, definitions);
        }
        vendorExtensions(doc, 16, swagger);
        return doc.toByteArray();
    }

    private static WireWriter pathItem(JsonNode item) {
        WireWriter w = new WireWriter();
        w.string(1, text(item, "$ref"));
        for (int field = 2; field < METHODS.length; field++) {
            JsonNode op = item.get(METHODS[field]);
            if (op != null) {
                w.message(field, operation(op));
            }
        }
        for (JsonNode p : item.path("parameters")) {
            w.message(9, parametersItem(p));
        }
        vendorExtensions(w, 10, item);
        return w;
    }

    private static WireWriter operation(JsonNode op) {
        WireWriter w = new WireWriter();
        strings(w, 1, op.get("tags"));
        w.string(2, text(op, "summary"));
        w.string(3, text(op, "description"));
        w.string(5, text(op, "operationId"));
        strings(w, 6, op.get("produces"));
        strings(w, 7, op.get("consumes"));
        for (JsonNode p : op.path("parameters")) {
            w.message(8, parametersItem(p));
        }
        if (op.has("responses")) {
            WireWriter responses = new WireWriter();
            for (Map.Entry<String, JsonNode> e : fields(op.get("responses"))) {
                if (e.getKey().startsWith("x-")) {
                    responses.message(2, namedAny(e.getKey(), e.getValue()));
                    continue;
                }
                JsonNode r = e.getValue();
                WireWriter value = new WireWriter();
                if (r.has("$ref")) {
                    value.message(2, new WireWriter().string(1, text(r, "$ref")).string(2, text(r, "description")));
                } else {
                    WireWriter response = new WireWriter().string(1, text(r, "description"));
                    if (r.has("schema")) {
                        response.message(2, new WireWriter().message(1, schema(r.get("schema"))));
                    }
                    vendorExtensions(response, 5, r);
                    value.message(1, response);
                }
                responses.message(1, new WireWriter().string(1, e.getKey()).message(2, value));
            }
            w.message(9, responses);
        }
        strings(w, 10, op.get("schemes"));
        w.bool(11, op.path("deprecated").asBoolean());
        vendorExtensions(w, 13, op);
        return w;
    }

    private static WireWriter parametersItem(JsonNode p) {
        if (p.has("$ref")) {
            return new WireWriter().message(2, new WireWriter().string(1, text(p, "$ref")).string(2, text(p, "description")));
        }
        WireWriter parameter = new WireWriter();
        String in = text(p, "in");
        if ("body".equals(in)) {
            WireWriter body = new WireWriter().string(1, text(p, "description")).string(2, text(p, "name"))
                    .string(3, in).bool(4, p.path("required").asBoolean());
            if (p.has("schema")) {
                body.message(5, schema(p.get("schema")));
            }
            vendorExtensions(body, 6, p);
            parameter.message(1, body);
        } else {
            // Header (1), formData (2), query (3) and path (4) sub-schemas share their first fields;
            // type is field 6 in the query and formData forms (after allow_empty_value), 5 elsewhere.
            int oneof = switch (in == null ? "" : in) {
                case "header" -> 1;
                case "formData" -> 2;
                case "path" -> 4;
                default -> 3;
            };
            boolean hasAllowEmpty = oneof == 2 || oneof == 3;
            int typeField = hasAllowEmpty ? 6 : 5;
            WireWriter sub = new WireWriter().bool(1, p.path("required").asBoolean()).string(2, in)
                    .string(3, text(p, "description")).string(4, text(p, "name"));
            if (hasAllowEmpty) {
                sub.bool(5, p.path("allowEmptyValue").asBoolean());
            }
            sub.string(typeField, text(p, "type")).string(typeField + 1, text(p, "format"));
            sub.bool(typeField + 14, p.path("uniqueItems").asBoolean());
            vendorExtensions(sub, typeField + 17, p);
            parameter.message(2, new WireWriter().message(oneof, sub));
        }
        return new WireWriter().message(1, parameter);
    }

    private static WireWriter schema(JsonNode s) {
        WireWriter w = new WireWriter();
        w.string(1, text(s, "$ref"));
        w.string(2, text(s, "format"));
        w.string(3, text(s, "title"));
        w.string(4, text(s, "description"));
        if (s.has("default")) {
            w.message(5, any(s.get("default")));
        }
        strings(w, 19, s.get("required"));
        for (JsonNode e : s.path("enum")) {
            w.message(20, any(e));
        }
        JsonNode additional = s.get("additionalProperties");
        if (additional != null) {
            w.message(21, additional.isBoolean() ? new WireWriter().bool(2, additional.asBoolean())
                    : new WireWriter().message(1, schema(additional)));
        }
        JsonNode type = s.get("type");
        if (type != null) {
            WireWriter t = new WireWriter();
            if (type.isArray()) {
                type.forEach(v -> t.string(1, v.asText()));
            } else {
                t.string(1, type.asText());
            }
            w.message(22, t);
        }
        JsonNode items = s.get("items");
        if (items != null) {
            WireWriter i = new WireWriter();
            if (items.isArray()) {
                items.forEach(v -> i.message(1, schema(v)));
            } else {
                i.message(1, schema(items));
            }
            w.message(23, i);
        }
        for (JsonNode a : s.path("allOf")) {
            w.message(24, schema(a));
        }
        if (s.has("properties")) {
            WireWriter props = new WireWriter();
            for (Map.Entry<String, JsonNode> e : fields(s.get("properties"))) {
                props.message(1, new WireWriter().string(1, e.getKey()).message(2, schema(e.getValue())));
            }
            w.message(25, props);
        }
        w.bool(27, s.path("readOnly").asBoolean());
        vendorExtensions(w, 31, s);
        return w;
    }

    private static void vendorExtensions(WireWriter w, int field, JsonNode node) {
        for (Map.Entry<String, JsonNode> e : fields(node)) {
            if (e.getKey().startsWith("x-")) {
                w.message(field, namedAny(e.getKey(), e.getValue()));
            }
        }
    }

    private static WireWriter namedAny(String name, JsonNode value) {
        return new WireWriter().string(1, name).message(2, any(value));
    }

    /** gnostic's {@code Any}: the value as YAML text (field 2); JSON is valid YAML. */
    private static WireWriter any(JsonNode value) {
        return new WireWriter().string(2, value.toString() + "\n");
    }

    private static void strings(WireWriter w, int field, JsonNode values) {
        if (values != null) {
            values.forEach(v -> w.string(field, v.asText()));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        return () -> it;
    }
}

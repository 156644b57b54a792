package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.protobuf.WireReader;
import io.capstan.apiserver.registry.BuiltinResources;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gnostic {@code openapi.v2.Document} encoding, read back field by field with the wire reader
 * (field numbers from gnostic's openapiv2/OpenAPIv2.proto).
 */
class SwaggerProtobufTest {

    /** A decoded message: its fields in order, each a number with raw bytes or a varint. */
    record Field(int number, byte[] bytes, long varint) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        List<Field> message() {
            return decode(bytes);
        }
    }

    static List<Field> decode(byte[] data) {
        WireReader r = new WireReader(data);
        List<Field> out = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (WireReader.wireType(tag)) {
                case WireReader.VARINT -> out.add(new Field(WireReader.fieldNumber(tag), null, r.readVarint()));
                case WireReader.LENGTH_DELIMITED -> out.add(new Field(WireReader.fieldNumber(tag), r.readBytes(), 0));
                default -> throw new AssertionError("unexpected wire type in field " + WireReader.fieldNumber(tag));
            }
        }
        return out;
    }

    private static List<Field> all(List<Field> message, int number) {
        return message.stream().filter(f -> f.number() == number).toList();
    }

    private static Field one(List<Field> message, int number) {
        List<Field> found = all(message, number);
        assertEquals(1, found.size(), "occurrences of field " + number);
        return found.get(0);
    }

    /** The value of a Named* entry (name = 1, value = 2) called {@code name} among {@code entries}. */
    private static List<Field> named(List<Field> entries, String name) {
        for (Field e : entries) {
            List<Field> entry = e.message();
            if (one(entry, 1).text().equals(name)) {
                return one(entry, 2).message();
            }
        }
        throw new AssertionError("no entry " + name);
    }

    private static ObjectNode swagger() {
        ModelDefinitions defs = new ModelDefinitions(ModelDefinitions.Dialect.SWAGGER_2);
        ServedKinds.add(defs, BuiltinResources.all(), List.of(new GroupVersionResource("apps", "v1", "")));
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("swagger", "2.0");
        doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
        ObjectNode post = doc.putObject("paths").putObject("/api/v1/namespaces/{namespace}/pods").putObject("post");
        post.put("operationId", "createCoreV1NamespacedPod");
        post.putArray("consumes").add("*/*");
        post.putObject("x-kubernetes-group-version-kind").put("group", "").put("kind", "Pod").put("version", "v1");
        ObjectNode query = post.putArray("parameters").addObject();
        query.put("name", "fieldValidation").put("in", "query").put("type", "string").put("uniqueItems", true);
        ObjectNode body = ((com.fasterxml.jackson.databind.node.ArrayNode) post.get("parameters")).addObject();
        body.put("name", "body").put("in", "body").put("required", true).putObject("schema").put("$ref", "#/definitions/io.k8s.api.core.v1.Pod");
        post.putObject("responses").putObject("200").put("description", "OK").putObject("schema").put("$ref", "#/definitions/io.k8s.api.core.v1.Pod");
        ObjectNode definitions = doc.putObject("definitions");
        defs.definitions().forEach(definitions::set);
        return doc;
    }

    @Test
    void definitionsRoundTripWithTypesReferencesAndPatchExtensions() {
        List<Field> doc = decode(SwaggerProtobuf.encode(swagger()));
        assertEquals("2.0", one(doc, 1).text());
        assertEquals("v1.32.0", one(one(doc, 2).message(), 2).text());
        List<Field> definitions = all(one(doc, 9).message(), 1);
        List<Field> podSpec = named(definitions, "io.k8s.api.core.v1.PodSpec");
        assertEquals(List.of("object"), all(one(podSpec, 22).message(), 1).stream().map(Field::text).toList());
        assertEquals(List.of("containers"), all(podSpec, 19).stream().map(Field::text).toList());
        List<Field> containers = named(all(one(podSpec, 25).message(), 1), "containers");
        assertEquals("array", one(one(containers, 22).message(), 1).text());
        List<Field> item = one(one(containers, 23).message(), 1).message(); // ItemsItem.schema[0]
        assertEquals("#/definitions/io.k8s.api.core.v1.Container", one(item, 1).text());
        List<Field> extensions = all(containers, 31);
        assertEquals("\"name\"\n", one(named(extensions, "x-kubernetes-patch-merge-key"), 2).text());
        assertEquals("\"merge\"\n", one(named(extensions, "x-kubernetes-patch-strategy"), 2).text());
        assertEquals("[\"name\"]\n", one(named(extensions, "x-kubernetes-list-map-keys"), 2).text());

        List<Field> deployment = named(definitions, "io.k8s.api.apps.v1.Deployment");
        JsonNode gvk = Json.tree(one(named(all(deployment, 31), "x-kubernetes-group-version-kind"), 2).bytes());
        assertEquals("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]", gvk.toString());
        List<Field> intOrString = named(definitions, "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertEquals("int-or-string", one(intOrString, 2).text());
        assertEquals("string", one(one(intOrString, 22).message(), 1).text());
        List<Field> labels = named(all(one(named(definitions, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"), 25).message(), 1), "labels");
        List<Field> additional = one(one(labels, 21).message(), 1).message(); // AdditionalPropertiesItem.schema
        assertEquals("string", one(one(additional, 22).message(), 1).text());
    }

    @Test
    void pathsRoundTripWithQueryAndBodyParameters() {
        List<Field> doc = decode(SwaggerProtobuf.encode(swagger()));
        List<Field> pathItem = named(all(one(doc, 8).message(), 2), "/api/v1/namespaces/{namespace}/pods");
        List<Field> post = one(pathItem, 4).message();
        assertEquals("createCoreV1NamespacedPod", one(post, 5).text());
        assertEquals("*/*", one(post, 7).text());
        List<Field> params = all(post, 8);
        assertEquals(2, params.size());
        // ParametersItem.parameter -> Parameter.non_body_parameter -> NonBodyParameter.query_parameter_sub_schema
        List<Field> query = one(one(one(params.get(0).message(), 1).message(), 2).message(), 3).message();
        assertEquals("query", one(query, 2).text());
        assertEquals("fieldValidation", one(query, 4).text());
        assertEquals("string", one(query, 6).text());
        assertEquals(1, one(query, 20).varint());
        // ParametersItem.parameter -> Parameter.body_parameter
        List<Field> body = one(one(params.get(1).message(), 1).message(), 1).message();
        assertEquals("body", one(body, 2).text());
        assertEquals(1, one(body, 4).varint());
        assertEquals("#/definitions/io.k8s.api.core.v1.Pod", one(one(body, 5).message(), 1).text());
        List<Field> ok = named(all(one(post, 9).message(), 1), "200");
        List<Field> response = one(ok, 1).message();
        assertEquals("OK", one(response, 1).text());
        assertEquals("#/definitions/io.k8s.api.core.v1.Pod", one(one(one(response, 2).message(), 1).message(), 1).text());
        JsonNode gvk = Json.tree(one(named(all(post, 13), "x-kubernetes-group-version-kind"), 2).bytes());
        assertEquals("Pod", gvk.path("kind").asText());
        assertNotNull(gvk);
    }

    @Test
    void zeroValuesAreLeftOutAsProto3Does() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("swagger", "2.0");
        doc.putObject("definitions").putObject("x").put("type", "string").put("readOnly", false).put("description", "");
        List<Field> schema = named(all(one(decode(SwaggerProtobuf.encode(doc)), 9).message(), 1), "x");
        assertEquals(List.of(22), schema.stream().map(Field::number).toList());
        assertTrue(decode(new byte[0]).isEmpty());
    }
}

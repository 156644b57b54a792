package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code as=PartialObjectMetadata} and {@code PartialObjectMetadataList} on get, list and watch, over HTTP. */
class PartialObjectMetadataTest {
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
        server.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"pom\"}}");
        for (String name : new String[] {"a", "b"}) {
            var r = server.post("/api/v1/namespaces/pom/configmaps",
                    "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"x\":\"1\"}},\"data\":{\"secret\":\"v\"}}");
            assertEquals(201, r.code(), r.body());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"v1", "v1beta1"})
    void getReturnsOnlyMetadata(String version) throws Exception {
        var r = server.send("GET", "/api/v1/namespaces/pom/configmaps/a", null, null,
                "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=" + version + ",application/json");
        assertEquals(200, r.code(), r.body());
        JsonNode o = r.json();
        assertEquals("PartialObjectMetadata", o.path("kind").asText());
        assertEquals("meta.k8s.io/" + version, o.path("apiVersion").asText());
        assertEquals("a", o.path("metadata").path("name").asText());
        assertEquals("1", o.path("metadata").path("labels").path("x").asText());
        assertFalse(o.path("metadata").path("uid").asText().isEmpty());
        assertFalse(o.has("data"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"v1", "v1beta1"})
    void listReturnsPartialObjectMetadataList(String version) throws Exception {
        var r = server.send("GET", "/api/v1/namespaces/pom/configmaps?limit=1", null, null,
                "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=" + version);
        assertEquals(200, r.code(), r.body());
        JsonNode o = r.json();
        assertEquals("PartialObjectMetadataList", o.path("kind").asText());
        assertEquals("meta.k8s.io/" + version, o.path("apiVersion").asText());
        assertFalse(o.path("metadata").path("resourceVersion").asText().isEmpty());
        assertFalse(o.path("metadata").path("continue").asText().isEmpty());
        assertEquals(1, o.path("items").size());
        JsonNode item = o.path("items").get(0);
        assertEquals("PartialObjectMetadata", item.path("kind").asText());
        assertEquals("meta.k8s.io/v1", item.path("apiVersion").asText());
        assertEquals("a", item.path("metadata").path("name").asText());
        assertFalse(item.has("data"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '|', value = {
            "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1     | /api/v1/namespaces/pom/configmaps",
            "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1 | /api/v1/namespaces/pom/configmaps/a",
            "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v9     | /api/v1/namespaces/pom/configmaps/a",
            "application/json;as=PartialObjectMetadata;g=example.com;v=v1     | /api/v1/namespaces/pom/configmaps/a"})
    void mismatchesAreNotAcceptable(String accept, String path) throws Exception {
        var r = server.send("GET", path, null, null, accept);
        assertEquals(406, r.code(), r.body());
        assertEquals("NotAcceptable", r.json().path("reason").asText());
        assertEquals("Status", r.json().path("kind").asText());
    }

    @Test
    void watchStreamsPartialObjectMetadata() throws Exception {
        HttpResponse<java.io.InputStream> r = server.http.send(HttpRequest.newBuilder(
                        server.uri("/api/v1/namespaces/pom/configmaps?watch=true&timeoutSeconds=5&fieldSelector=metadata.name%3Db"))
                .header("Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            JsonNode event = Json.tree(in.readLine().getBytes(StandardCharsets.UTF_8));
            assertEquals("ADDED", event.path("type").asText());
            assertEquals("PartialObjectMetadata", event.path("object").path("kind").asText());
            assertEquals("b", event.path("object").path("metadata").path("name").asText());
            assertTrue(event.path("object").path("data").isMissingNode());
        }
    }
}

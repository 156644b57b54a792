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

    @Test
    void aLiveEventReachesJsonAndMetadataWatchersEachInItsOwnForm() throws Exception {
        String rv = server.get("/api/v1/namespaces/pom/configmaps").json().path("metadata").path("resourceVersion").asText();
        String path = "/api/v1/configmaps?watch=true&timeoutSeconds=5&resourceVersion=" + rv;
        HttpResponse<java.io.InputStream> metadata = server.http.send(HttpRequest.newBuilder(server.uri(path))
                .header("Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<java.io.InputStream> json = server.http.send(HttpRequest.newBuilder(server.uri(path))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<java.io.InputStream> byName = server.http.send(HttpRequest.newBuilder(server.uri(path
                        + "&fieldSelector=metadata.name%3Dlive-2")).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, metadata.statusCode());
        assertEquals(200, json.statusCode());
        assertEquals(200, byName.statusCode());
        for (String name : new String[] {"live-1", "live-2"}) {
            var r = server.post("/api/v1/namespaces/pom/configmaps", "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"k\":\"v\"}}");
            assertEquals(201, r.code(), r.body());
        }
        try (BufferedReader m = new BufferedReader(new InputStreamReader(metadata.body(), StandardCharsets.UTF_8));
             BufferedReader j = new BufferedReader(new InputStreamReader(json.body(), StandardCharsets.UTF_8));
             BufferedReader n = new BufferedReader(new InputStreamReader(byName.body(), StandardCharsets.UTF_8))) {
            for (String name : new String[] {"live-1", "live-2"}) {
                JsonNode pom = Json.tree(m.readLine().getBytes(StandardCharsets.UTF_8));
                assertEquals("ADDED", pom.path("type").asText());
                assertEquals("PartialObjectMetadata", pom.path("object").path("kind").asText());
                assertEquals("meta.k8s.io/v1", pom.path("object").path("apiVersion").asText());
                assertEquals(name, pom.path("object").path("metadata").path("name").asText());
                assertFalse(pom.path("object").path("metadata").path("resourceVersion").asText().isEmpty());
                assertTrue(pom.path("object").path("data").isMissingNode());

                JsonNode full = Json.tree(j.readLine().getBytes(StandardCharsets.UTF_8));
                assertEquals("ADDED", full.path("type").asText());
                assertEquals("ConfigMap", full.path("object").path("kind").asText());
                assertEquals("v1", full.path("object").path("apiVersion").asText());
                assertEquals(name, full.path("object").path("metadata").path("name").asText());
                assertEquals("v", full.path("object").path("data").path("k").asText());
                assertEquals(pom.path("object").path("metadata"), full.path("object").path("metadata"));
            }
            JsonNode only = Json.tree(n.readLine().getBytes(StandardCharsets.UTF_8));
            assertEquals("ADDED", only.path("type").asText());
            assertEquals("live-2", only.path("object").path("metadata").path("name").asText(), "live-1 does not match the selector");
        }
    }
}

package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /openapi/v3} and {@code /openapi/v2} over HTTP: documents, content negotiation and kube-openapi's caching headers. */
class OpenApiEndpointsTest {
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return server.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void v3GroupVersionWithItsHashIsImmutableAndAStaleHashRedirects() throws Exception {
        JsonNode index = server.get("/openapi/v3").json();
        String url = index.path("paths").path("apis/apps/v1").path("serverRelativeURL").asText();
        String hash = url.substring(url.indexOf("hash=") + 5);
        HttpResponse<byte[]> doc = get(url);
        assertEquals(200, doc.statusCode());
        assertEquals("public, immutable", doc.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("\"" + hash + "\"", doc.headers().firstValue("ETag").orElse(""));
        assertTrue(doc.headers().firstValue("Expires").isPresent());
        assertEquals("application/json", doc.headers().firstValue("Content-Type").orElse(""));

        HttpResponse<byte[]> stale = get("/openapi/v3/apis/apps/v1?hash=0123");
        assertEquals(301, stale.statusCode());
        assertEquals(url, stale.headers().firstValue("Location").orElse(""));

        HttpResponse<byte[]> unchanged = get("/openapi/v3/apis/apps/v1", "If-None-Match", "\"" + hash + "\"");
        assertEquals(304, unchanged.statusCode());
        assertEquals(404, get("/openapi/v3/apis/nosuch/v1").statusCode());
    }

    @Test
    void v3DocumentHasComponentSchemasAndPatchRequestBodies() throws Exception {
        JsonNode apps = server.get("/openapi/v3/apis/apps/v1").json();
        JsonNode schemas = apps.path("components").path("schemas");
        assertEquals("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]",
                schemas.path("io.k8s.api.apps.v1.Deployment").path("x-kubernetes-group-version-kind").toString());
        assertTrue(schemas.has("io.k8s.api.core.v1.PodSpec"), "nested types are in the group-version's document");
        JsonNode patch = apps.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch");
        assertTrue(patch.path("requestBody").path("content").has("application/strategic-merge-patch+json"), patch.toString());
        assertEquals("#/components/schemas/io.k8s.api.apps.v1.Deployment", patch.path("responses").path("200")
                .path("content").path("application/json").path("schema").path("$ref").asText());
    }

    @Test
    void v2IsServedAsJsonOrAsProtobufByAccept() throws Exception {
        HttpResponse<byte[]> json = get("/openapi/v2");
        assertEquals(200, json.statusCode());
        assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
        JsonNode doc = io.capstan.common.json.Json.tree(json.body());
        assertEquals("2.0", doc.path("swagger").asText());
        assertEquals("#/definitions/io.k8s.api.core.v1.PodSpec",
                doc.path("definitions").path("io.k8s.api.core.v1.Pod").path("properties").path("spec").path("$ref").asText());
        assertTrue(doc.path("paths").path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}").path("patch")
                .path("consumes").toString().contains("application/strategic-merge-patch+json"));

        HttpResponse<byte[]> proto = get("/openapi/v2", "Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        assertEquals(200, proto.statusCode());
        assertEquals("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", proto.headers().firstValue("Content-Type").orElse(""));
        assertEquals("Accept", proto.headers().firstValue("Vary").orElse(""));
        assertTrue(proto.body().length > 10_000 && proto.body()[0] == 0x0A, "a Document starting with field 1 (swagger)");
        assertTrue(!proto.headers().firstValue("ETag").equals(json.headers().firstValue("ETag")));
        assertEquals(406, get("/openapi/v2", "Accept", "text/html").statusCode());

        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, get("/openapi/v2").statusCode());
        }
        long perRequestMillis = (System.nanoTime() - start) / 5 / 1_000_000;
        assertTrue(perRequestMillis < 1000, "the cached document is served in " + perRequestMillis + " ms");
    }
}

package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** events.k8s.io/v1 and core/v1 Events are the same stored objects, each API showing its own field names. */
class EventsV1SharedStorageTest {
    static final String CORE = "/api/v1/namespaces/ev/events";
    static final String V1 = "/apis/events.k8s.io/v1/namespaces/ev/events";
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
        server.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"ev\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void coreEventIsReadableThroughEventsV1() throws Exception {
        var created = server.post(CORE, "{\"metadata\":{\"name\":\"core1\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web\","
                + "\"namespace\":\"ev\"},\"reason\":\"Pulled\",\"message\":\"image pulled\",\"type\":\"Normal\",\"count\":3,"
                + "\"source\":{\"component\":\"kubelet\",\"host\":\"n1\"},\"firstTimestamp\":\"2026-01-01T00:00:00Z\","
                + "\"lastTimestamp\":\"2026-01-01T00:01:00Z\",\"reportingComponent\":\"kubelet\",\"reportingInstance\":\"n1\"}");
        assertEquals(201, created.code(), created.body());
        var got = server.get(V1 + "/core1");
        assertEquals(200, got.code(), got.body());
        JsonNode e = got.json();
        assertEquals("events.k8s.io/v1", e.path("apiVersion").asText());
        assertEquals("image pulled", e.path("note").asText());
        assertEquals("web", e.path("regarding").path("name").asText());
        assertEquals("kubelet", e.path("reportingController").asText());
        assertEquals("n1", e.path("reportingInstance").asText());
        assertEquals("kubelet", e.path("deprecatedSource").path("component").asText());
        assertEquals(3, e.path("deprecatedCount").asInt());
        assertEquals("2026-01-01T00:00:00Z", e.path("deprecatedFirstTimestamp").asText());
        assertEquals("2026-01-01T00:01:00Z", e.path("deprecatedLastTimestamp").asText());
        for (String coreOnly : new String[] {"message", "involvedObject", "source", "count", "firstTimestamp", "reportingComponent"}) {
            assertFalse(e.has(coreOnly), coreOnly + " in " + e);
        }
        assertEquals(created.json().path("metadata").path("uid"), e.path("metadata").path("uid"));
        assertEquals(created.json().path("metadata").path("resourceVersion"), e.path("metadata").path("resourceVersion"));
    }

    @Test
    void eventsV1EventIsReadableThroughCore() throws Exception {
        var created = server.post(V1, "{\"metadata\":{\"name\":\"new1\"},\"eventTime\":\"2026-01-01T00:00:00.000000Z\","
                + "\"reportingController\":\"example.com/ctl\",\"reportingInstance\":\"ctl-1\",\"action\":\"Scale\",\"reason\":\"Scaled\","
                + "\"regarding\":{\"kind\":\"Deployment\",\"name\":\"web\",\"namespace\":\"ev\"},\"note\":\"scaled up\",\"type\":\"Normal\","
                + "\"series\":{\"count\":2,\"lastObservedTime\":\"2026-01-01T00:05:00.000000Z\"}}");
        assertEquals(201, created.code(), created.body());
        assertEquals("scaled up", created.json().path("note").asText());
        JsonNode core = server.get(CORE + "/new1").json();
        assertEquals("v1", core.path("apiVersion").asText());
        assertEquals("scaled up", core.path("message").asText());
        assertEquals("Deployment", core.path("involvedObject").path("kind").asText());
        assertEquals("example.com/ctl", core.path("reportingComponent").asText());
        assertEquals(2, core.path("series").path("count").asInt());
        assertFalse(core.has("note"));
        // listed and selected through both APIs
        Set<String> names = new HashSet<>();
        server.get(V1).json().path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
        assertTrue(names.contains("new1"), names.toString());
        assertEquals(1, server.get(V1 + "?fieldSelector=reason%3DScaled").json().path("items").size());
        assertEquals(1, server.get(V1 + "?fieldSelector=regarding.kind%3DDeployment,reportingController%3Dexample.com/ctl")
                .json().path("items").size());
        var coreName = server.get(V1 + "?fieldSelector=involvedObject.kind%3DDeployment");
        assertEquals(400, coreName.code(), "events.k8s.io/v1 names its fields regarding.*: " + coreName.body());
        assertEquals(1, server.get(CORE + "?fieldSelector=involvedObject.kind%3DDeployment").json().path("items").size());
        // deleted through core, gone from events.k8s.io
        assertEquals(200, server.delete(CORE + "/new1").code());
        assertEquals(404, server.get(V1 + "/new1").code());
    }

    @Test
    void watchThroughEventsV1SeesCoreWrites() throws Exception {
        String rv = server.get(V1).json().path("metadata").path("resourceVersion").asText();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                server.watch(V1 + "?watch=true&timeoutSeconds=10&resourceVersion=" + rv), StandardCharsets.UTF_8))) {
            var created = server.post(CORE, "{\"metadata\":{\"name\":\"watched\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"p\","
                    + "\"namespace\":\"ev\"},\"reason\":\"Started\",\"message\":\"started\"}");
            assertEquals(201, created.code(), created.body());
            JsonNode ev = Json.tree(in.readLine().getBytes(StandardCharsets.UTF_8));
            assertEquals("ADDED", ev.path("type").asText());
            assertEquals("events.k8s.io/v1", ev.path("object").path("apiVersion").asText());
            assertEquals("started", ev.path("object").path("note").asText());
            assertEquals("p", ev.path("object").path("regarding").path("name").asText());
        }
    }

    @Test
    void eventsV1CreateIsValidatedStrictlyAsUpstream() throws Exception {
        var r = server.post(V1, "{\"metadata\":{\"name\":\"bad\"},\"type\":\"Odd\",\"deprecatedCount\":2}");
        assertEquals(422, r.code(), r.body());
        Set<String> fields = new HashSet<>();
        r.json().path("details").path("causes").forEach(c -> fields.add(c.path("field").asText()));
        assertEquals(Set.of("eventTime", "type", "reportingController", "reportingInstance", "action", "reason", "deprecatedCount"), fields);
        assertEquals(404, server.get(CORE + "/bad").code());
    }
}

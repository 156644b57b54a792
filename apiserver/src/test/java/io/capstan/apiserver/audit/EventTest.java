package io.capstan.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The event's JSON against golden lines in upstream's {@code audit.k8s.io/v1} shape (field order included). */
class EventTest {
    static final Instant RECEIVED = Instant.parse("2026-11-21T20:18:25.123456789Z");

    @Test
    void metadataEventMatchesUpstreamsShape() {
        UserInfo admin = new UserInfo("kubernetes-admin", "", List.of("system:masters", "system:authenticated"), Map.of());
        Event e = new Event(Level.METADATA, "5b4ee3e4-3f6e-4d6f-9a0e-000000000001", "/api/v1/namespaces/default/pods?limit=500",
                "list", admin, List.of("172.18.0.1"), "kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9",
                new ObjectReference("pods", "default", "", "", "", "v1", "", ""), RECEIVED);
        assertEquals("""
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"5b4ee3e4-3f6e-4d6f-9a0e-000000000001",\
                "stage":"RequestReceived","requestURI":"/api/v1/namespaces/default/pods?limit=500","verb":"list",\
                "user":{"username":"kubernetes-admin","groups":["system:masters","system:authenticated"]},"sourceIPs":["172.18.0.1"],\
                "userAgent":"kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9","objectRef":{"resource":"pods","namespace":"default","apiVersion":"v1"},\
                "requestReceivedTimestamp":"2026-11-21T20:18:25.123456Z","stageTimestamp":"2026-11-21T20:18:25.123456Z"}""",
                line(e));

        var status = Json.MAPPER.createObjectNode();
        status.putObject("metadata");
        status.put("code", 200);
        e.responseStatus(status);
        e.annotate(AuditContext.DECISION_ANNOTATION, "allow");
        e.annotate(AuditContext.REASON_ANNOTATION, "");
        e.stage(Stage.RESPONSE_COMPLETE, Instant.parse("2026-11-21T20:18:25.200001Z"));
        assertEquals("""
                {"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"5b4ee3e4-3f6e-4d6f-9a0e-000000000001",\
                "stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods?limit=500","verb":"list",\
                "user":{"username":"kubernetes-admin","groups":["system:masters","system:authenticated"]},"sourceIPs":["172.18.0.1"],\
                "userAgent":"kubectl/v1.32.0 (linux/amd64) kubernetes/70d3cc9","objectRef":{"resource":"pods","namespace":"default","apiVersion":"v1"},\
                "responseStatus":{"metadata":{},"code":200},\
                "requestReceivedTimestamp":"2026-11-21T20:18:25.123456Z","stageTimestamp":"2026-11-21T20:18:25.200001Z",\
                "annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}""",
                line(e));
    }

    @Test
    void requestResponseEventCarriesImpersonationBodiesAndEveryObjectRefField() {
        UserInfo sa = new UserInfo("system:serviceaccount:kube-system:deployer", "9f1c", List.of("system:serviceaccounts"),
                Map.of("authentication.kubernetes.io/pod-name", List.of("deployer-0")));
        Event e = new Event(Level.REQUEST_RESPONSE, "id", "/apis/apps/v1/namespaces/ns/deployments/web/scale", "update", sa,
                List.of("10.0.0.1", "127.0.0.1"), "", new ObjectReference("deployments", "ns", "web", "u-1", "apps", "v1", "42", "scale"),
                RECEIVED);
        e.impersonatedUser(new UserInfo("jane", "", List.of("devs"), Map.of()));
        e.requestObject(Json.tree("{\"kind\":\"Scale\",\"spec\":{\"replicas\":3}}".getBytes(StandardCharsets.UTF_8)));
        e.responseObject(Json.tree("{\"kind\":\"Scale\",\"status\":{\"replicas\":1}}".getBytes(StandardCharsets.UTF_8)));
        e.stage(Stage.RESPONSE_COMPLETE, RECEIVED.plusMillis(5));
        JsonNode json = e.toJson();
        assertEquals(List.of("kind", "apiVersion", "level", "auditID", "stage", "requestURI", "verb", "user", "impersonatedUser",
                "sourceIPs", "objectRef", "requestObject", "responseObject", "requestReceivedTimestamp", "stageTimestamp"), fields(json));
        assertEquals("""
                {"username":"system:serviceaccount:kube-system:deployer","uid":"9f1c","groups":["system:serviceaccounts"],\
                "extra":{"authentication.kubernetes.io/pod-name":["deployer-0"]}}""", json.get("user").toString());
        assertEquals("{\"username\":\"jane\",\"groups\":[\"devs\"]}", json.get("impersonatedUser").toString());
        assertEquals("""
                {"resource":"deployments","namespace":"ns","name":"web","uid":"u-1","apiGroup":"apps","apiVersion":"v1",\
                "resourceVersion":"42","subresource":"scale"}""", json.get("objectRef").toString());
        assertEquals("RequestResponse", json.get("level").asText());
        assertEquals(3, json.at("/requestObject/spec/replicas").asInt());
        assertEquals(1, json.at("/responseObject/status/replicas").asInt());
        assertEquals("2026-11-21T20:18:25.128456Z", json.get("stageTimestamp").asText());
    }

    @Test
    void objectRefTakesMissingFieldsFromTheObject() {
        ObjectReference ref = new ObjectReference("configmaps", "ns", "", "", "", "v1", "", "");
        var meta = Json.object("{\"name\":\"cm\",\"namespace\":\"other\",\"uid\":\"u\",\"resourceVersion\":\"7\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ObjectReference("configmaps", "ns", "cm", "u", "", "v1", "7", ""), ref.withDefaultsFrom(meta));
    }

    private static String line(Event e) {
        return new String(Json.bytes(e.toJson()), StandardCharsets.UTF_8);
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

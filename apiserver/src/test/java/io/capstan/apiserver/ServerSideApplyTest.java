package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-side apply and managedFields through HTTP, against an in-process API server on SQLite. */
class ServerSideApplyTest {
    private static final String APPLY = "application/apply-patch+yaml";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/ssa/deployments/";
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
        server.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ssa\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String deployment(String name, int replicas, String image) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels:
                    app: web
                spec:
                  replicas: %d
                  selector:
                    matchLabels:
                      app: web
                  template:
                    metadata:
                      labels:
                        app: web
                    spec:
                      containers:
                      - name: web
                        image: %s
                """.formatted(name, replicas, image);
    }

    private static TestApiServer.Response apply(String path, String query, String body) throws Exception {
        return server.send("PATCH", path + query, APPLY, body);
    }

    private static JsonNode entry(JsonNode obj, String manager) {
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            if (e.path("manager").asText().equals(manager)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void applyCreatesThenReapplyingIsANoOp() throws Exception {
        TestApiServer.Response created = apply(DEPLOYMENTS + "create", "?fieldManager=kubectl", deployment("create", 2, "nginx"));
        assertEquals(201, created.code(), created.body());
        JsonNode obj = created.json();
        JsonNode e = entry(obj, "kubectl");
        assertEquals("Apply", e.path("operation").asText());
        assertEquals("apps/v1", e.path("apiVersion").asText());
        assertEquals("FieldsV1", e.path("fieldsType").asText());
        assertTrue(e.path("fieldsV1").path("f:spec").has("f:replicas"), e.toString());
        assertEquals(1, obj.path("metadata").path("generation").asInt());

        TestApiServer.Response again = apply(DEPLOYMENTS + "create", "?fieldManager=kubectl", deployment("create", 2, "nginx"));
        assertEquals(200, again.code(), again.body());
        assertEquals(obj.path("metadata").path("resourceVersion").asText(),
                again.json().path("metadata").path("resourceVersion").asText(), "no write for the same configuration");

        TestApiServer.Response changed = apply(DEPLOYMENTS + "create", "?fieldManager=kubectl", deployment("create", 3, "nginx"));
        assertEquals(200, changed.code(), changed.body());
        assertEquals(3, changed.json().path("spec").path("replicas").asInt());
        assertNotSame(obj, changed.json());
    }

    private static void assertNotSame(JsonNode before, JsonNode after) {
        assertFalse(before.path("metadata").path("resourceVersion").asText()
                .equals(after.path("metadata").path("resourceVersion").asText()));
    }

    @Test
    void aSecondManagerConflictsUntilItForces() throws Exception {
        assertEquals(201, apply(DEPLOYMENTS + "conflict", "?fieldManager=kubectl", deployment("conflict", 2, "nginx")).code());
        TestApiServer.Response conflict = apply(DEPLOYMENTS + "conflict", "?fieldManager=other", deployment("conflict", 5, "nginx"));
        assertEquals(409, conflict.code(), conflict.body());
        JsonNode status = conflict.json();
        assertEquals("Conflict", status.path("reason").asText());
        assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", status.path("message").asText());
        JsonNode cause = status.path("details").path("causes").get(0);
        assertEquals("FieldManagerConflict", cause.path("reason").asText());
        assertEquals(".spec.replicas", cause.path("field").asText());

        TestApiServer.Response forced = apply(DEPLOYMENTS + "conflict", "?fieldManager=other&force=true", deployment("conflict", 5, "nginx"));
        assertEquals(200, forced.code(), forced.body());
        assertEquals(5, forced.json().path("spec").path("replicas").asInt());
        assertFalse(entry(forced.json(), "kubectl").path("fieldsV1").path("f:spec").has("f:replicas"));
        assertTrue(entry(forced.json(), "other").path("fieldsV1").path("f:spec").has("f:replicas"));
    }

    @Test
    void aFieldTheManagerStopsApplyingIsRemoved() throws Exception {
        String withLabel = deployment("prune", 1, "nginx").replace("    app: web\nspec:", "    app: web\n    tier: front\nspec:");
        assertEquals(201, apply(DEPLOYMENTS + "prune", "?fieldManager=kubectl", withLabel).code());
        TestApiServer.Response pruned = apply(DEPLOYMENTS + "prune", "?fieldManager=kubectl", deployment("prune", 1, "nginx"));
        assertEquals(200, pruned.code(), pruned.body());
        assertFalse(pruned.json().path("metadata").path("labels").has("tier"), pruned.body());
    }

    @Test
    void applyWithoutFieldManagerIsInvalid() throws Exception {
        TestApiServer.Response r = apply(DEPLOYMENTS + "nomanager", "", deployment("nomanager", 1, "nginx"));
        assertEquals(422, r.code(), r.body());
        assertEquals("Invalid", r.json().path("reason").asText());
        assertEquals("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
                r.json().path("message").asText());
        assertEquals(404, server.get(DEPLOYMENTS + "nomanager").code(), "nothing created");
    }

    @Test
    void forceOnANonApplyPatchIsInvalid() throws Exception {
        server.post("/api/v1/namespaces/ssa/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"force\"}}");
        TestApiServer.Response r = server.send("PATCH", "/api/v1/namespaces/ssa/configmaps/force?force=true",
                "application/merge-patch+json", "{\"data\":{\"a\":\"b\"}}");
        assertEquals(422, r.code(), r.body());
        assertTrue(r.json().path("message").asText().contains("force: Forbidden: may not be specified for non-apply patch"), r.body());
    }

    @Test
    void aJsonConfigurationWithTheWrongVersionIsRefused() throws Exception {
        TestApiServer.Response r = apply(DEPLOYMENTS + "version", "?fieldManager=m",
                "{\"apiVersion\":\"apps/v1beta1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"version\"}}");
        assertEquals(400, r.code(), r.body());
        assertEquals("Incorrect version specified in apply patch. Specified patch version: apps/v1beta1, expected: apps/v1",
                r.json().path("message").asText());
        TestApiServer.Response managed = apply(DEPLOYMENTS + "version", "?fieldManager=m",
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"version\",\"managedFields\":[{\"manager\":\"x\"}]}}");
        assertEquals(400, managed.code(), managed.body());
        assertEquals("metadata.managedFields must be nil", managed.json().path("message").asText());
    }

    @Test
    void everyWriteRecordsItsManager() throws Exception {
        String path = "/api/v1/namespaces/ssa/configmaps";
        TestApiServer.Response created = server.post(path + "?fieldManager=creator",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm\"},\"data\":{\"a\":\"1\"}}");
        assertEquals(201, created.code(), created.body());
        JsonNode e = entry(created.json(), "creator");
        assertEquals("Update", e.path("operation").asText());
        assertEquals("v1", e.path("apiVersion").asText());
        assertTrue(e.path("fieldsV1").path("f:data").has("f:a"), e.toString());

        // Without fieldManager, the User-Agent's product names the manager (Java's client: Java-http-client/<v>).
        TestApiServer.Response patched = server.send("PATCH", path + "/cm", "application/strategic-merge-patch+json",
                "{\"data\":{\"b\":\"2\"}}");
        assertEquals(200, patched.code(), patched.body());
        JsonNode byAgent = entry(patched.json(), "Java-http-client");
        assertTrue(byAgent.path("fieldsV1").path("f:data").has("f:b"), patched.body());
        assertFalse(byAgent.path("fieldsV1").path("f:data").has("f:a"));

        JsonNode obj = patched.json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) obj.path("data")).put("a", "3");
        TestApiServer.Response put = server.put(path + "/cm?fieldManager=editor", obj.toString());
        assertEquals(200, put.code(), put.body());
        assertTrue(entry(put.json(), "editor").path("fieldsV1").path("f:data").has("f:a"));
        assertFalse(entry(put.json(), "creator").path("fieldsV1").path("f:data").has("f:a"), "data.a went to editor: " + put.body());
        assertTrue(entry(put.json(), "creator").path("fieldsV1").has("f:data"), "the data map itself stays the creator's");
    }

    @Test
    void finalizeAndApprovalRecordTheirSubresourceAndBindingRecordsNothing() throws Exception {
        server.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fin\"}}");
        TestApiServer.Response fin = server.put("/api/v1/namespaces/fin/finalize?fieldManager=finalizer",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"fin\"},"
                        + "\"spec\":{\"finalizers\":[\"kubernetes\",\"example.com/x\"]}}");
        assertEquals(200, fin.code(), fin.body());
        JsonNode f = entry(fin.json(), "finalizer");
        assertEquals("finalize", f.path("subresource").asText(), fin.body());
        assertEquals("Update", f.path("operation").asText());
        assertTrue(f.path("fieldsV1").path("f:spec").has("f:finalizers"), f.toString());

        String csrs = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
        assertEquals(201, server.post(csrs, "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\","
                + "\"metadata\":{\"name\":\"ssa-csr\"},\"spec\":{\"request\":\"cmVx\",\"signerName\":\"example.com/s\","
                + "\"usages\":[\"digital signature\"]}}").code());
        TestApiServer.Response approved = server.put(csrs + "/ssa-csr/approval?fieldManager=approver",
                "{\"apiVersion\":\"certificates.k8s.io/v1\",\"kind\":\"CertificateSigningRequest\",\"metadata\":{\"name\":\"ssa-csr\"},"
                        + "\"status\":{\"conditions\":[{\"type\":\"Approved\",\"status\":\"True\",\"reason\":\"Test\"}]}}");
        assertEquals(200, approved.code(), approved.body());
        JsonNode a = entry(approved.json(), "approver");
        assertEquals("approval", a.path("subresource").asText(), approved.body());
        assertTrue(a.path("fieldsV1").path("f:status").path("f:conditions").has("k:{\"type\":\"Approved\"}"), a.toString());

        // Upstream's BindingREST writes storage directly: the pod's managed fields stay as they were.
        TestApiServer.Response pod = server.post("/api/v1/namespaces/ssa/pods?fieldManager=creator",
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"bound\"},"
                        + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        assertEquals(201, pod.code(), pod.body());
        assertEquals(201, server.post("/api/v1/namespaces/ssa/pods/bound/binding?fieldManager=scheduler",
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bound\"},\"target\":{\"name\":\"n1\"}}").code());
        JsonNode bound = server.get("/api/v1/namespaces/ssa/pods/bound").json();
        assertEquals("n1", bound.path("spec").path("nodeName").asText());
        assertEquals(pod.json().path("metadata").path("managedFields"), bound.path("metadata").path("managedFields"));
    }

    @Test
    void listTypesComeFromTheSchema() throws Exception {
        TestApiServer.Response svc = apply("/api/v1/namespaces/ssa/services/dns", "?fieldManager=kubectl", """
                apiVersion: v1
                kind: Service
                metadata:
                  name: dns
                spec:
                  selector:
                    app: dns
                  ports:
                  - name: tcp
                    port: 53
                  - name: udp
                    port: 53
                    protocol: UDP
                """);
        assertEquals(201, svc.code(), svc.body());
        JsonNode ports = entry(svc.json(), "kubectl").path("fieldsV1").path("f:spec").path("f:ports");
        assertTrue(ports.has("k:{\"port\":53,\"protocol\":\"TCP\"}") && ports.has("k:{\"port\":53,\"protocol\":\"UDP\"}"), ports.toString());
        assertTrue(entry(svc.json(), "kubectl").path("fieldsV1").path("f:spec").path("f:selector").isEmpty(), "atomic map");

        // +listType=atomic on a ServiceAccount's imagePullSecrets (a Pod's are keyed by name).
        TestApiServer.Response sa = apply("/api/v1/namespaces/ssa/serviceaccounts/builder", "?fieldManager=kubectl", """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: builder
                imagePullSecrets:
                - name: registry
                """);
        assertEquals(201, sa.code(), sa.body());
        assertTrue(entry(sa.json(), "kubectl").path("fieldsV1").path("f:imagePullSecrets").isEmpty(), sa.body());
    }

    @Test
    void anAppliedNullRemovesTheFieldTheManagerKeepsOwning() throws Exception {
        String cm = "/api/v1/namespaces/ssa/configmaps/nulls";
        String config = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"nulls\"},\"data\":{\"a\":\"1\",\"b\":%s}}";
        assertEquals(201, apply(cm, "?fieldManager=kubectl", config.formatted("\"2\"")).code());
        TestApiServer.Response applied = apply(cm, "?fieldManager=kubectl", config.formatted("null"));
        assertEquals(200, applied.code(), applied.body());
        assertFalse(applied.json().path("data").has("b"), applied.body());
        assertEquals("1", applied.json().path("data").path("a").asText());
        assertTrue(entry(applied.json(), "kubectl").path("fieldsV1").path("f:data").has("f:b"), applied.body());
    }

    @Test
    void statusWritesAreRecordedUnderTheStatusSubresource() throws Exception {
        assertEquals(201, apply(DEPLOYMENTS + "status", "?fieldManager=kubectl", deployment("status", 1, "nginx")).code());
        TestApiServer.Response r = server.send("PATCH", DEPLOYMENTS + "status/status?fieldManager=controller",
                "application/merge-patch+json", "{\"status\":{\"observedGeneration\":1}}");
        assertEquals(200, r.code(), r.body());
        JsonNode e = entry(r.json(), "controller");
        assertEquals("status", e.path("subresource").asText(), r.body());
        assertEquals("Update", e.path("operation").asText());
        assertTrue(e.path("fieldsV1").path("f:status").has("f:observedGeneration"), e.toString());

        TestApiServer.Response applied = apply(DEPLOYMENTS + "status/status", "?fieldManager=status-applier",
                "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"status\"},\"status\":{\"replicas\":1}}");
        assertEquals(200, applied.code(), applied.body());
        assertEquals(1, applied.json().path("status").path("replicas").asInt());
        assertEquals("status", entry(applied.json(), "status-applier").path("subresource").asText());
    }

    @Test
    void scalingRecordsTheScaleSubresourceAndConflictsNameIt() throws Exception {
        assertEquals(201, apply(DEPLOYMENTS + "scaled", "?fieldManager=kubectl", deployment("scaled", 1, "nginx")).code());
        TestApiServer.Response scaled = server.send("PATCH", DEPLOYMENTS + "scaled/scale?fieldManager=scaler",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":4}}");
        assertEquals(200, scaled.code(), scaled.body());
        JsonNode parent = server.get(DEPLOYMENTS + "scaled").json();
        JsonNode e = entry(parent, "scaler");
        assertEquals("scale", e.path("subresource").asText(), parent.toString());
        assertEquals("{\"f:spec\":{\"f:replicas\":{}}}", e.path("fieldsV1").toString());
        TestApiServer.Response conflict = apply(DEPLOYMENTS + "scaled", "?fieldManager=kubectl", deployment("scaled", 1, "nginx"));
        assertEquals(409, conflict.code(), conflict.body());
        assertEquals("Apply failed with 1 conflict: conflict with \"scaler\" with subresource \"scale\" using apps/v1: .spec.replicas",
                conflict.json().path("message").asText());
    }

    @Test
    void managedFieldsAClientSendsAreValidated() throws Exception {
        TestApiServer.Response r = server.post("/api/v1/namespaces/ssa/configmaps", """
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"badmf","managedFields":[{"manager":"m",
                 "operation":"Patch","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:b":{}}}}]},"data":{"a":"1"}}""");
        assertEquals(422, r.code(), r.body());
        assertTrue(r.json().path("message").asText().contains(
                "metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or `Update`"), r.body());
    }

    @Test
    void aConfigurationTheSchemaCannotTypeFailsAsUpstream() throws Exception {
        TestApiServer.Response unknown = apply(DEPLOYMENTS + "untyped", "?fieldManager=m",
                deployment("untyped", 1, "nginx").replace("  replicas: 1", "  replicas: 1\n  replicaz: 2"));
        assertEquals(500, unknown.code(), unknown.body());
        assertEquals("failed to create typed patch object (ssa/untyped; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema",
                unknown.json().path("message").asText());
        TestApiServer.Response keyless = apply(DEPLOYMENTS + "untyped", "?fieldManager=m",
                deployment("untyped", 1, "nginx").replace("- name: web\n", "- imagePullPolicy: Always\n"));
        assertEquals(500, keyless.code(), keyless.body());
        assertTrue(keyless.json().path("message").asText().endsWith(
                "omits key field \"name\" (and doesn't have default value)"), keyless.body());
        assertEquals(404, server.get(DEPLOYMENTS + "untyped").code());
    }

    @Test
    void aDryRunApplyWritesNothing() throws Exception {
        TestApiServer.Response dry = apply(DEPLOYMENTS + "dry", "?fieldManager=kubectl&dryRun=All", deployment("dry", 1, "nginx"));
        assertEquals(201, dry.code(), dry.body());
        assertEquals(404, server.get(DEPLOYMENTS + "dry").code(), "a dry-run create stores nothing");
        JsonNode created = apply(DEPLOYMENTS + "dry", "?fieldManager=kubectl", deployment("dry", 1, "nginx")).json();
        TestApiServer.Response changed = apply(DEPLOYMENTS + "dry", "?fieldManager=kubectl&dryRun=All", deployment("dry", 3, "nginx"));
        assertEquals(200, changed.code(), changed.body());
        assertEquals(3, changed.json().path("spec").path("replicas").asInt());
        String rv = created.path("metadata").path("resourceVersion").asText();
        assertEquals(rv, changed.json().path("metadata").path("resourceVersion").asText(), "the version it is based on, as upstream");
        JsonNode stored = server.get(DEPLOYMENTS + "dry").json();
        assertEquals(1, stored.path("spec").path("replicas").asInt());
        assertEquals(rv, stored.path("metadata").path("resourceVersion").asText());
    }
}

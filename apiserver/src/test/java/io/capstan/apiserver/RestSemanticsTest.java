package io.capstan.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** REST semantics audited against upstream: generation, immutable fields, names, list options, field labels. */
class RestSemanticsTest {
    static final String TEMPLATE = "\"template\":{\"metadata\":{\"labels\":{\"app\":\"a\"}},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}";
    static final String SELECTOR = "\"selector\":{\"matchLabels\":{\"app\":\"a\"}}";
    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
        server.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"r\"}}");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static TestApiServer.Response merge(String path, String patch) throws Exception {
        return server.send("PATCH", path, "application/merge-patch+json", patch);
    }

    @ParameterizedTest(name = "{0}: annotation change bumps generation = {1}")
    @CsvSource({"deployments, true", "replicasets, false", "statefulsets, false", "daemonsets, false"})
    void annotationChangesBumpGenerationOnlyForDeployments(String resource, boolean bumps) throws Exception {
        String coll = "/apis/apps/v1/namespaces/r/" + resource;
        var created = server.post(coll, "{\"metadata\":{\"name\":\"gen\"},\"spec\":{" + SELECTOR + "," + TEMPLATE + "}}");
        assertEquals(201, created.code(), created.body());
        JsonNode annotated = merge(coll + "/gen", "{\"metadata\":{\"annotations\":{\"note\":\"x\"}}}").json();
        assertEquals(bumps ? 2 : 1, annotated.path("metadata").path("generation").asLong(), annotated.toString());
        JsonNode labelled = merge(coll + "/gen", "{\"metadata\":{\"labels\":{\"l\":\"x\"}}}").json();
        assertEquals(bumps ? 2 : 1, labelled.path("metadata").path("generation").asLong(), "labels never bump it");
    }

    @Test
    void jobTemplateIsImmutableExceptSchedulingWhileSuspendedAndNeverStarted() throws Exception {
        String coll = "/apis/batch/v1/namespaces/r/jobs";
        String job = "{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"suspend\":%s,\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}";
        assertEquals(201, server.post(coll, job.formatted("running", "false")).code());
        var image = server.send("PATCH", coll + "/running", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:2\"}]}}}}");
        assertEquals(422, image.code(), image.body());
        assertEquals("spec.template", image.json().path("details").path("causes").get(0).path("field").asText());
        assertTrue(image.json().path("message").asText().endsWith("field is immutable"), image.body());
        var nodeSelector = merge(coll + "/running", "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"zone\":\"a\"}}}}}");
        assertEquals(422, nodeSelector.code(), nodeSelector.body());

        assertEquals(201, server.post(coll, job.formatted("suspended", "true")).code());
        var scheduling = merge(coll + "/suspended", "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"x\":\"y\"}},"
                + "\"spec\":{\"nodeSelector\":{\"zone\":\"a\"}}}}}");
        assertEquals(200, scheduling.code(), scheduling.body());
        var suspendedImage = server.send("PATCH", coll + "/suspended", "application/strategic-merge-patch+json",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox:2\"}]}}}}");
        assertEquals(422, suspendedImage.code(), suspendedImage.body());
    }

    @ParameterizedTest(name = "{0} named {1} -> {2}")
    @CsvSource({
            "/api/v1/namespaces/r/services,   a.b,   422",
            "/api/v1/namespaces/r/services,   1abc,  422",
            "/api/v1/namespaces/r/services,   abc-1, 201",
            "/api/v1/namespaces/r/configmaps, a.b,   201",
            "/api/v1/namespaces,               a.b,   422"})
    void namesFollowEachKindsRule(String coll, String name, int code) throws Exception {
        String spec = coll.endsWith("services") ? ",\"spec\":{\"ports\":[{\"port\":80}]}" : "";
        var r = server.post(coll, "{\"metadata\":{\"name\":\"" + name + "\"}" + spec + "}");
        assertEquals(code, r.code(), r.body());
        if (code == 422 && coll.endsWith("services")) {
            assertTrue(r.json().path("message").asText().contains("a DNS-1035 label must consist of lower case alphanumeric characters"), r.body());
        }
    }

    @Test
    void certificateSigningRequestsRecordTheRequestingUserNotTheClaimedOne() throws Exception {
        var r = server.post("/apis/certificates.k8s.io/v1/certificatesigningrequests", "{\"metadata\":{\"name\":\"who\"},"
                + "\"spec\":{\"request\":\"cmVx\",\"signerName\":\"example.com/s\",\"usages\":[\"digital signature\"],"
                + "\"username\":\"mallory\",\"groups\":[\"system:masters\"],\"uid\":\"42\"}}");
        assertEquals(201, r.code(), r.body());
        JsonNode spec = r.json().path("spec");
        // no authentication yet: every request is upstream's anonymous user
        assertEquals("system:anonymous", spec.path("username").asText());
        assertEquals("[\"system:unauthenticated\"]", spec.path("groups").toString());
        assertTrue(spec.path("uid").isMissingNode(), spec.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "resourceVersionMatch=NotOlderThan                         | 422 | resourceVersionMatch is forbidden unless resourceVersion is provided",
            "resourceVersionMatch=Exact&resourceVersion=0              | 422 | resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
            "resourceVersionMatch=Bogus&resourceVersion=1              | 422 | Unsupported value: \"Bogus\"",
            "watch=1&resourceVersionMatch=NotOlderThan&resourceVersion=1 | 422 | resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
            "fieldSelector=spec.foo%3Dbar                              | 400 | \"spec.foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\""})
    void badListOptionsAreRefused(String query, int code, String message) throws Exception {
        var r = server.get("/api/v1/namespaces/r/configmaps?" + query);
        assertEquals(code, r.code(), r.body());
        assertEquals("Status", r.json().path("kind").asText());
        assertTrue(r.json().path("message").asText().contains(message), r.body());
    }

    @Test
    void aListNotOlderThanAFutureRevisionIs504WithRetryAfterAsUpstreamsCacher() throws Exception {
        var r = server.get("/api/v1/namespaces/r/configmaps?resourceVersionMatch=NotOlderThan&resourceVersion=999999999");
        assertEquals(504, r.code(), r.body());
        assertEquals("Timeout", r.json().path("reason").asText());
        assertTrue(r.json().path("message").asText().startsWith("Timeout: Too large resource version: 999999999, current: "), r.body());
        assertEquals("ResourceVersionTooLarge", r.json().path("details").path("causes").path(0).path("reason").asText(), r.body());
        assertEquals(1, r.json().path("details").path("retryAfterSeconds").asInt(), r.body());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(null), "the Status's retry period is also a header");
    }

    @Test
    void getHonoursResourceVersionAsUpstreamsCacher() throws Exception {
        var created = server.post("/api/v1/namespaces/r/configmaps", "{\"metadata\":{\"name\":\"rv-get\"}}");
        assertEquals(201, created.code(), created.body());
        String rv = created.json().path("metadata").path("resourceVersion").asText();
        String path = "/api/v1/namespaces/r/configmaps/rv-get?resourceVersion=";
        assertEquals(200, server.get(path + "0").code(), "0: any revision");
        var atLeast = server.get(path + rv);
        assertEquals(200, atLeast.code(), atLeast.body());
        assertEquals(rv, atLeast.json().path("metadata").path("resourceVersion").asText());
        var future = server.get(path + "999999999");
        assertEquals(504, future.code(), future.body());
        assertEquals("ResourceVersionTooLarge", future.json().path("details").path("causes").path(0).path("reason").asText(), future.body());
        assertEquals("1", future.headers().firstValue("Retry-After").orElse(null));
        assertEquals(400, server.get(path + "abc").code());
        assertEquals(404, server.get("/api/v1/namespaces/r/configmaps/absent?resourceVersion=0").code());

        String deployments = "/apis/apps/v1/namespaces/r/deployments";
        assertEquals(201, server.post(deployments, "{\"metadata\":{\"name\":\"rv-scale\"},\"spec\":{" + SELECTOR + "," + TEMPLATE + "}}").code());
        assertEquals(200, server.get(deployments + "/rv-scale/scale?resourceVersion=0").code());
        assertEquals(504, server.get(deployments + "/rv-scale/scale?resourceVersion=999999999").code(), "subresources read as the object does");
        assertEquals(504, server.get(deployments + "/rv-scale/status?resourceVersion=999999999").code());
    }

    @Test
    void pagedListsCountTheItemsAfterEachPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(201, server.post("/api/v1/namespaces/r/secrets", "{\"metadata\":{\"name\":\"page-" + i + "\"}}").code());
        }
        JsonNode first = server.get("/api/v1/namespaces/r/secrets?limit=2").json().path("metadata");
        assertEquals(3, first.path("remainingItemCount").asLong(-1), first.toString());
        JsonNode last = server.get("/api/v1/namespaces/r/secrets?limit=3&continue=" + first.path("continue").asText()).json().path("metadata");
        assertTrue(last.path("continue").isMissingNode() && last.path("remainingItemCount").isMissingNode(), last.toString());
        JsonNode table = server.send("GET", "/api/v1/namespaces/r/secrets?limit=4", null, null,
                "application/json;as=Table;v=v1;g=meta.k8s.io").json().path("metadata");
        assertEquals(1, table.path("remainingItemCount").asLong(-1), "a Table keeps the list's metadata: " + table);
    }

    @Test
    void sendInitialEventsEndsTheInitialStateWithAnAnnotatedBookmark() throws Exception {
        assertEquals(201, server.post("/api/v1/namespaces/r/configmaps", "{\"metadata\":{\"name\":\"initial\"}}").code());
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(server.watch(
                "/api/v1/namespaces/r/configmaps?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                        + "&allowWatchBookmarks=true&timeoutSeconds=5&fieldSelector=metadata.name%3Dinitial"),
                java.nio.charset.StandardCharsets.UTF_8))) {
            JsonNode added = io.capstan.common.json.Json.tree(in.readLine().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("ADDED", added.path("type").asText());
            assertEquals("initial", added.path("object").path("metadata").path("name").asText());
            JsonNode bookmark = io.capstan.common.json.Json.tree(in.readLine().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals("BOOKMARK", bookmark.path("type").asText());
            assertEquals("true", bookmark.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end").asText());
            assertTrue(added.path("object").path("metadata").path("resourceVersion").asLong()
                    <= bookmark.path("object").path("metadata").path("resourceVersion").asLong(), bookmark.toString());
        }
    }

    @ParameterizedTest(name = "fieldValidation={0}")
    @CsvSource(delimiter = '|', value = {
            "''     | 201 | duplicate field \"data\"",
            "Warn   | 201 | duplicate field \"data\"",
            "Ignore | 201 | ''",
            "Strict | 400 | ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"bogus\", duplicate field \"data\""})
    void duplicateFieldsFollowFieldValidation(String mode, int code, String said) throws Exception {
        String name = "dup-" + (mode.isEmpty() ? "default" : mode.toLowerCase());
        var r = server.post("/api/v1/namespaces/r/configmaps" + (mode.isEmpty() ? "" : "?fieldValidation=" + mode),
                "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"a\":\"1\"},\"bogus\":1,\"data\":{\"b\":\"2\"}}");
        assertEquals(code, r.code(), r.body());
        String warnings = String.join("\n", r.headers().allValues("Warning"));
        if (code == 400) {
            assertEquals(said, r.json().path("message").asText());
            assertEquals(404, server.get("/api/v1/namespaces/r/configmaps/" + name).code());
            return;
        }
        assertEquals("{\"b\":\"2\"}", r.json().path("data").toString(), "the last duplicate wins");
        if (said.isEmpty()) {
            assertEquals("", warnings);
        } else {
            assertTrue(warnings.contains(said.replace("\"", "\\\"")), warnings);
            assertTrue(warnings.contains("unknown field \\\"bogus\\\""), warnings);
        }
    }

    @Test
    void duplicateNestedFieldsAreNamedByTheirPath() throws Exception {
        var r = server.post("/api/v1/namespaces/r/pods", "{\"metadata\":{\"name\":\"dup-pod\",\"name\":\"dup-pod\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"a\",\"image\":\"b\"}]}}");
        assertEquals(201, r.code(), r.body());
        String warnings = String.join("\n", r.headers().allValues("Warning"));
        assertTrue(warnings.contains("duplicate field \\\"metadata.name\\\""), warnings);
        assertTrue(warnings.contains("duplicate field \\\"spec.containers[0].image\\\""), warnings);
    }

    /** Upstream's ValidateConfigMap/ValidateSecret: each IsConfigMapKey message at {@code data[<key>]}, an empty key too. */
    @ParameterizedTest(name = "{0} key \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', value = {
            "configmaps | ''      | a valid config key must consist of alphanumeric characters",
            "secrets    | ''      | a valid config key must consist of alphanumeric characters",
            "configmaps | ..data  | must not start with '..'",
            "secrets    | ..      | must not be '..'",
            "configmaps | .       | must not be '.'"})
    void configMapAndSecretKeysFollowIsConfigMapKey(String resource, String key, String says) throws Exception {
        String value = resource.equals("secrets") ? "dg==" : "v";
        var r = server.post("/api/v1/namespaces/r/" + resource,
                "{\"metadata\":{\"name\":\"key-" + Math.abs(key.hashCode()) + "\"},\"data\":{\"" + key + "\":\"" + value + "\"}}");
        assertEquals(422, r.code(), r.body());
        assertEquals("Invalid", r.json().path("reason").asText(), r.body());
        JsonNode cause = r.json().path("details").path("causes").get(0);
        assertEquals("FieldValueInvalid", cause.path("reason").asText(), r.body());
        assertEquals("data[" + key + "]", cause.path("field").asText(), r.body());
        assertTrue(cause.path("message").asText().startsWith("Invalid value: \"" + key + "\": " + says), r.body());
    }

    /**
     * Upstream's ValidateConfigMapUpdate: an immutable ConfigMap refuses data, binaryData and going back to
     * mutable, each at its own field, while its metadata still changes and it can be deleted.
     */
    @Test
    void immutableConfigMapRefusesDataChangesAtTheirOwnFields() throws Exception {
        String coll = "/api/v1/namespaces/r/configmaps";
        assertEquals(201, server.post(coll, "{\"metadata\":{\"name\":\"frozen\"},\"data\":{\"a\":\"v\"},"
                + "\"binaryData\":{\"b\":\"dg==\"},\"immutable\":true}").code());
        var changed = server.put(coll + "/frozen", "{\"metadata\":{\"name\":\"frozen\"},\"data\":{\"a\":\"w\"},"
                + "\"binaryData\":{\"b\":\"dw==\"},\"immutable\":false}");
        assertEquals(422, changed.code(), changed.body());
        assertEquals("Invalid", changed.json().path("reason").asText());
        java.util.List<String> fields = new java.util.ArrayList<>();
        changed.json().path("details").path("causes").forEach(c -> {
            assertEquals("FieldValueForbidden", c.path("reason").asText());
            assertEquals("Forbidden: field is immutable when `immutable` is set", c.path("message").asText());
            fields.add(c.path("field").asText());
        });
        assertEquals(java.util.List.of("immutable", "data", "binaryData"), fields, changed.body());
        var labelled = server.send("PATCH", coll + "/frozen", "application/strategic-merge-patch+json",
                "{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"label1\":\"value1\"}}}");
        assertEquals(200, labelled.code(), labelled.body());
        assertTrue(labelled.json().path("metadata").hasNonNull("creationTimestamp"), "creationTimestamp is kept");
        assertEquals(200, server.delete(coll + "/frozen").code());
    }

    /** The write of upstream's conformance test "Namespaces should apply changes to a namespace status". */
    @Test
    void namespaceStatusPatchTakesMetadataAndConditions() throws Exception {
        server.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"nsstatus\"}}");
        var patched = merge("/api/v1/namespaces/nsstatus/status", "{\"metadata\":{\"annotations\":{\"e2e-patched-ns-status\":\"nsstatus\"}},"
                + "\"spec\":{\"finalizers\":[]},\"status\":{\"conditions\":[{\"type\":\"StatusPatch\",\"status\":\"True\",\"reason\":\"E2E\",\"message\":\"Patched by an e2e test\"}]}}");
        assertEquals(200, patched.code(), patched.body());
        JsonNode ns = patched.json();
        assertEquals("nsstatus", ns.path("metadata").path("annotations").path("e2e-patched-ns-status").asText(), ns.toString());
        assertEquals("E2E", ns.path("status").path("conditions").get(0).path("reason").asText());
        assertEquals("Active", ns.path("status").path("phase").asText());
        assertEquals("kubernetes", ns.path("spec").path("finalizers").get(0).asText(), "the status write cannot change the spec");
    }

    /** Upstream's deployment status strategy: spec and labels put back, annotations taken, generation unchanged. */
    @Test
    void deploymentStatusWritesKeepSpecLabelsAndGeneration() throws Exception {
        String coll = "/apis/apps/v1/namespaces/r/deployments";
        var created = server.post(coll, "{\"metadata\":{\"name\":\"st\",\"labels\":{\"tier\":\"web\"}},\"spec\":{" + SELECTOR + "," + TEMPLATE + "}}");
        assertEquals(201, created.code(), created.body());
        var patched = merge(coll + "/st/status", "{\"metadata\":{\"labels\":{\"tier\":\"db\"},\"annotations\":{\"patchedstatus\":\"true\"}},"
                + "\"spec\":{\"replicas\":5},\"status\":{\"replicas\":1,\"observedGeneration\":1}}");
        assertEquals(200, patched.code(), patched.body());
        JsonNode d = patched.json();
        assertEquals("true", d.path("metadata").path("annotations").path("patchedstatus").asText(), d.toString());
        assertEquals("web", d.path("metadata").path("labels").path("tier").asText(), "deployments/status cannot change labels");
        assertEquals(1, d.path("spec").path("replicas").asInt(), "nor the spec");
        assertEquals(1, d.path("status").path("replicas").asInt());
        assertEquals(1, d.path("metadata").path("generation").asLong(), "a status write never bumps the generation");
    }

    /** Upstream's newer kinds reset the object meta on status writes (metav1.ResetObjectMetaForStatus). */
    @Test
    void volumeAttachmentStatusWritesKeepObjectMeta() throws Exception {
        String coll = "/apis/storage.k8s.io/v1/volumeattachments";
        var created = server.post(coll, "{\"metadata\":{\"name\":\"va\",\"labels\":{\"a\":\"1\"}},\"spec\":{\"attacher\":\"csi.example.com\","
                + "\"nodeName\":\"n1\",\"source\":{\"persistentVolumeName\":\"pv1\"}}}");
        assertEquals(201, created.code(), created.body());
        var patched = merge(coll + "/va/status", "{\"metadata\":{\"labels\":{\"a\":\"2\"},\"annotations\":{\"x\":\"y\"}},\"status\":{\"attached\":true}}");
        assertEquals(200, patched.code(), patched.body());
        JsonNode va = patched.json();
        assertTrue(va.path("status").path("attached").asBoolean(), va.toString());
        assertEquals("1", va.path("metadata").path("labels").path("a").asText(), "labels kept");
        assertTrue(va.path("metadata").path("annotations").isMissingNode(), "annotations kept (none)");
    }
}

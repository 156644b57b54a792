package io.capstan.apiserver.filters;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.apiserver.ApiServerService;
import io.capstan.apiserver.audit.AuditContext;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.json.Json;
import io.capstan.common.pki.TestPki;
import io.capstan.common.server.CapstanService;
import io.capstan.common.server.Flag;
import io.capstan.common.server.HealthChecks;
import io.capstan.common.server.ServiceLauncher;
import io.helidon.config.Config;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRules;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log of an in-process API server: requests by different users and verbs produce the lines the policy asks
 * for (levels, omitted stages, objectRef, responseStatus, bodies). A test filter stands in for authentication
 * ({@code X-Test-User: name|group,group}), impersonation ({@code X-Test-Impersonate}) and the authorizer's audit
 * annotations, which other parts of the API server provide.
 */
class AuditFilterTest {
    static final String POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            rules:
              - level: None
                users: ["quiet"]
              - level: None
                nonResourceURLs: ["/healthz*", "/readyz*", "/livez*", "/metrics"]
              - level: RequestResponse
                omitStages: ["RequestReceived"]
                omitManagedFields: true
                resources:
                  - group: ""
                    resources: ["configmaps"]
              - level: Request
                resources:
                  - group: ""
                    resources: ["secrets"]
              - level: RequestResponse
                resources:
                  - group: ""
                    resources: ["pods"]
              - level: Metadata
                nonResourceURLs: ["/version"]
              - level: Metadata
                userGroups: ["devs"]
            """;

    static Path dir;
    static Path log;
    static ServiceLauncher launcher;
    /** Trusts the test CA and presents no client certificate: the requests carry no credentials of their own. */
    static final HttpClient HTTP = caOnlyClient();

    static HttpClient caOnlyClient() {
        try {
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", TestPki.get().ca().certificate());
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        } catch (java.security.GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("capstan-audit-test");
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        // A token file gives the real authentication filter a bearer authenticator that refuses unknown tokens.
        Path tokens = dir.resolve("tokens.csv");
        Files.writeString(tokens, "known-token,known-user,1\n");
        log = dir.resolve("logs/audit.log");
        launcher = ServiceLauncher.start(new WithTestUsers(new ApiServerService()), new String[] {
                "--secure-port=0", TestPki.get().servingFlags().get(0), TestPki.get().servingFlags().get(1),
                "--data-dir=" + dir.resolve("data"), "--audit-policy-file=" + policy,
                "--audit-log-path=" + log, "--audit-log-maxsize=1", "--token-auth-file=" + tokens}, false);
        send("POST", "/api/v1/namespaces", "admin|system:masters", "{\"metadata\":{\"name\":\"t\"}}", Map.of());
    }

    @AfterAll
    static void stop() throws IOException {
        if (launcher != null) {
            launcher.stop();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void requestResponseCreateLogsBodiesWithoutManagedFieldsAndOmitsRequestReceived() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/t/configmaps?fieldManager=test", "alice|devs,system:authenticated",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm1\"},\"data\":{\"k\":\"v\"}}", Map.of());
        assertEquals(201, r.statusCode(), r.body());
        List<JsonNode> lines = lines(auditId(r), 1);
        JsonNode e = lines.get(0);
        assertEquals("ResponseComplete", e.get("stage").asText());
        assertEquals("RequestResponse", e.get("level").asText());
        assertEquals("create", e.get("verb").asText());
        assertEquals("/api/v1/namespaces/t/configmaps?fieldManager=test", e.get("requestURI").asText());
        assertEquals("alice", e.at("/user/username").asText());
        assertEquals("[\"devs\",\"system:authenticated\"]", e.at("/user/groups").toString());
        assertEquals("{\"resource\":\"configmaps\",\"namespace\":\"t\",\"name\":\"cm1\",\"apiVersion\":\"v1\"}", e.get("objectRef").toString());
        assertEquals("{\"metadata\":{},\"code\":201}", e.get("responseStatus").toString());
        assertEquals("v", e.at("/requestObject/data/k").asText());
        assertEquals("cm1", e.at("/responseObject/metadata/name").asText());
        assertFalse(e.at("/responseObject/metadata/uid").asText().isEmpty());
        assertTrue(e.at("/responseObject/metadata/managedFields").isMissingNode(), "omitManagedFields drops them");
        assertEquals("127.0.0.1", e.at("/sourceIPs/0").asText());
        assertEquals("allow", e.at("/annotations/authorization.k8s.io~1decision").asText());
        assertFalse(e.has("impersonatedUser"));
        // The log is the real thing: the response really carried managed fields.
        assertTrue(Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).at("/metadata/managedFields").isArray());
    }

    @Test
    void metadataLevelFailureLogsBothStagesAndTheStatus() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/namespaces/t/services/missing", "bob|devs", null, Map.of());
        assertEquals(404, r.statusCode());
        List<JsonNode> lines = lines(auditId(r), 2);
        assertEquals("RequestReceived", lines.get(0).get("stage").asText());
        assertFalse(lines.get(0).has("responseStatus"));
        JsonNode done = lines.get(1);
        assertEquals("ResponseComplete", done.get("stage").asText());
        assertEquals("Metadata", done.get("level").asText());
        assertEquals("get", done.get("verb").asText());
        assertEquals("{\"resource\":\"services\",\"namespace\":\"t\",\"name\":\"missing\",\"apiVersion\":\"v1\"}", done.get("objectRef").toString());
        JsonNode status = done.get("responseStatus");
        assertEquals("Failure", status.get("status").asText());
        assertEquals("NotFound", status.get("reason").asText());
        assertEquals("services \"missing\" not found", status.get("message").asText());
        assertEquals(404, status.get("code").asInt());
        assertEquals(Json.tree("{\"name\":\"missing\",\"kind\":\"services\"}".getBytes(StandardCharsets.UTF_8)), status.get("details"));
        assertEquals(List.of("metadata", "status", "message", "reason", "details", "code"), fieldNames(status));
        assertFalse(done.has("requestObject") || done.has("responseObject"));
        assertEquals(lines.get(0).get("requestReceivedTimestamp"), done.get("requestReceivedTimestamp"));
        assertTrue(done.get("stageTimestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }

    @Test
    void requestLevelLogsTheRequestBodyButNotTheResponse() throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/t/secrets", "carol|devs",
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s1\"},\"stringData\":{\"a\":\"b\"}}", Map.of());
        assertEquals(201, r.statusCode(), r.body());
        List<JsonNode> lines = lines(auditId(r), 2);
        JsonNode done = lines.get(1);
        assertEquals("Request", done.get("level").asText());
        assertEquals("b", done.at("/requestObject/stringData/a").asText());
        assertFalse(done.has("responseObject"));
        assertEquals("s1", done.at("/objectRef/name").asText());
    }

    @Test
    void unmatchedAndNoneRequestsAreNotLogged() throws Exception {
        HttpResponse<String> quiet = send("GET", "/api/v1/namespaces/t/configmaps", "quiet|devs", null, Map.of());
        HttpResponse<String> other = send("GET", "/api/v1/namespaces/t/services", "eve|others", null, Map.of());
        HttpResponse<String> health = send("GET", "/healthz", "alice|devs", null, Map.of());
        // A later request that is logged shows the log has caught up with the earlier ones.
        HttpResponse<String> marker = send("GET", "/version", "alice|devs", null, Map.of());
        lines(auditId(marker), 2);
        String text = Files.readString(log);
        for (HttpResponse<String> r : List.of(quiet, other, health)) {
            assertEquals(200, r.statusCode());
            assertFalse(text.contains(auditId(r)), "not audited: " + r.uri());
        }
    }

    @Test
    void nonResourceRequestsHaveTheHttpVerbAndNoObjectRef() throws Exception {
        HttpResponse<String> r = send("GET", "/version", "alice|devs", null, Map.of());
        JsonNode done = lines(auditId(r), 2).get(1);
        assertEquals("get", done.get("verb").asText());
        assertEquals("/version", done.get("requestURI").asText());
        assertFalse(done.has("objectRef"));
        assertEquals(200, done.at("/responseStatus/code").asInt());
    }

    @Test
    void watchLogsResponseStartedAndNoResponseObject() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/namespaces/t/pods?watch=true&timeoutSeconds=1", "alice|devs", null, Map.of());
        assertEquals(200, r.statusCode());
        List<JsonNode> lines = lines(auditId(r), 3);
        assertEquals(List.of("RequestReceived", "ResponseStarted", "ResponseComplete"),
                lines.stream().map(l -> l.get("stage").asText()).toList());
        assertEquals("watch", lines.get(2).get("verb").asText());
        assertEquals("RequestResponse", lines.get(2).get("level").asText());
        assertEquals(200, lines.get(1).at("/responseStatus/code").asInt());
        assertFalse(lines.get(2).has("responseObject"));
    }

    @Test
    void impersonationIsRecordedAndTheClientsAuditIdIsKept() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/namespaces/t/services", "alice|devs", null,
                Map.of("X-Test-Impersonate", "mallory", "Audit-ID", "my-audit-id-1"));
        assertEquals("my-audit-id-1", auditId(r));
        JsonNode done = lines("my-audit-id-1", 2).get(1);
        assertEquals("alice", done.at("/user/username").asText());
        assertEquals("mallory", done.at("/impersonatedUser/username").asText());
        assertEquals("list", done.get("verb").asText());
    }

    @Test
    void requestsThatFailAuthenticationAreAuditedWithoutAUser() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/namespaces/t/configmaps", null, null,
                Map.of("Authorization", "Bearer not-a-token"));
        assertEquals(401, r.statusCode());
        JsonNode e = lines(auditId(r), 1).get(0);
        assertEquals("ResponseStarted", e.get("stage").asText());
        assertEquals("RequestResponse", e.get("level").asText());
        assertEquals("{}", e.get("user").toString());
        assertEquals("list", e.get("verb").asText());
        assertEquals("{\"metadata\":{},\"message\":\"Authentication failed, attempted: bearer\",\"code\":401}",
                e.get("responseStatus").toString());
    }

    @Test
    void requestsWithoutCredentialsAreAuditedWhenAnonymousRequestsAreOff() throws Exception {
        Path logOff = dir.resolve("logs-off/audit.log");
        ServiceLauncher off = ServiceLauncher.start(new ApiServerService(), new String[] {
                "--secure-port=0", TestPki.get().servingFlags().get(0), TestPki.get().servingFlags().get(1),
                "--data-dir=" + dir.resolve("data-off"), "--audit-policy-file=" + dir.resolve("policy.yaml"),
                "--audit-log-path=" + logOff, "--anonymous-auth=false"}, false);
        try {
            HttpClient client = HTTP;
            HttpResponse<String> none = client.send(HttpRequest.newBuilder(
                    java.net.URI.create("https://127.0.0.1:" + off.port() + "/api/v1/namespaces/t/services")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, none.statusCode());
            HttpResponse<String> secrets = client.send(HttpRequest.newBuilder(
                    java.net.URI.create("https://127.0.0.1:" + off.port() + "/api/v1/namespaces/t/secrets")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, secrets.statusCode());
            String id = secrets.headers().firstValue("Audit-Id").orElseThrow();
            String noneId = none.headers().firstValue("Audit-Id").orElseThrow();
            off.stop();
            String text = Files.readString(logOff);
            JsonNode a = text.lines().map(l -> {
                try {
                    return Json.MAPPER.readTree(l);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(l -> l.get("auditID").asText().equals(id)).findFirst().orElseThrow();
            assertEquals("Authentication failed, no credentials provided", a.at("/responseStatus/message").asText());
            // Services are audited only for the devs group, which a request without a user is not in: no line.
            assertFalse(text.contains(noneId));
        } finally {
            off.stop();
        }
    }

    @Test
    void everyResponseCarriesAnAuditIdEvenUnaudited() throws Exception {
        HttpResponse<String> a = send("GET", "/healthz", null, null, Map.of());
        HttpResponse<String> b = send("GET", "/healthz", null, null, Map.of());
        assertNotNull(auditId(a));
        assertFalse(auditId(a).equals(auditId(b)));
        assertTrue(auditId(a).matches("[0-9a-f-]{36}"), auditId(a));
    }

    @Test
    void invalidPolicyFailsStartupWithTheReason() throws Exception {
        Path bad = dir.resolve("bad-policy.yaml");
        Files.writeString(bad, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Everything\n");
        Exception e = assertThrows(Exception.class, () -> ServiceLauncher.start(new ApiServerService(), new String[] {
                "--secure-port=0", "--data-dir=" + dir.resolve("data-bad"), "--audit-policy-file=" + bad,
                "--audit-log-path=" + dir.resolve("bad.log")}, false));
        assertTrue(messages(e).contains("failed to load audit policy file " + bad + ": rules[0].level: Unsupported value: \"Everything\""),
                messages(e));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    static String auditId(HttpResponse<?> r) {
        return r.headers().firstValue("Audit-Id").orElse(null);
    }

    /** The log lines of one request, waiting (the last stage is written after the response is sent) for {@code count}. */
    static List<JsonNode> lines(String auditId, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> out = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            out.clear();
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    JsonNode n = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                    if (n.get("auditID").asText().equals(auditId)) {
                        out.add(n);
                    }
                }
            }
            if (out.size() >= count) {
                assertEquals(count, out.size(), out.toString());
                out.forEach(n -> {
                    assertEquals("Event", n.get("kind").asText());
                    assertEquals("audit.k8s.io/v1", n.get("apiVersion").asText());
                });
                return out;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " lines for " + auditId + ", got " + out);
    }

    static HttpResponse<String> send(String method, String path, String user, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + launcher.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (user != null) {
            b.header("X-Test-User", user);
        }
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The API server with test stand-ins for authentication (before audit) and impersonation/authorization (after). */
    record WithTestUsers(ApiServerService delegate) implements CapstanService {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public String description() {
            return delegate.description();
        }

        @Override
        public List<Flag> flags() {
            return delegate.flags();
        }

        @Override
        public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) throws Exception {
            Running running = delegate.start(config, health, metrics);
            return new Running() {
                @Override
                public List<Filter> filters() {
                    List<Filter> chain = new ArrayList<>(running.filters());
                    int audit = 0;
                    while (audit < chain.size() && !(chain.get(audit) instanceof AuditFilter)) {
                        audit++;
                    }
                    assertTrue(audit < chain.size(), "the API server installs the audit filter");
                    chain.add(audit, (fc, req, res) -> {
                        req.headers().first(HeaderNames.create("X-Test-User")).ifPresent(v -> {
                            String[] parts = v.split("\\|");
                            RequestContext.of(req).authenticated(new UserInfo(parts[0], "", Arrays.asList(parts[1].split(",")), Map.of()), List.of());
                        });
                        fc.proceed();
                    });
                    chain.add((fc, req, res) -> {
                        req.headers().first(HeaderNames.create("X-Test-Impersonate"))
                                .ifPresent(v -> RequestContext.of(req).impersonate(new UserInfo(v, "", List.of(), Map.of())));
                        AuditContext.addAnnotation(req, AuditContext.DECISION_ANNOTATION, "allow");
                        AuditContext.addAnnotation(req, AuditContext.REASON_ANNOTATION, "test");
                        fc.proceed();
                    });
                    return chain;
                }

                @Override
                public void routing(HttpRules rules) {
                    running.routing(rules);
                }

                @Override
                public void beforeStop() {
                    running.beforeStop();
                }

                @Override
                public void close() {
                    running.close();
                }
            };
        }
    }
}

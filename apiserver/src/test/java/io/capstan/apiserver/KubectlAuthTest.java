package io.capstan.apiserver;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kubectl auth whoami}, {@code auth can-i} and {@code auth can-i --list} (kubectl 1.32) against the in-process
 * server, with {@link ReviewApisTest}'s fake authorizer and rules and kubectl's {@code --as} impersonation.
 */
class KubectlAuthTest {
    static TestApiServer server;
    static Path kubectl;
    /** Over HTTPS kubectl prompts for a password when its user has no credentials: this one presents the test admin
     * certificate, which this server (no --client-ca-file) does not authenticate, so requests stay anonymous. */
    static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        kubectl = onPath("kubectl");
        if (kubectl == null) {
            String why = "kubectl is not on the PATH: the kubectl auth tests are SKIPPED";
            System.err.println("*** " + why);
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        server = new TestApiServer(new ApiServerService((token, audiences) -> java.util.Optional.empty(), List.of(),
                ReviewApisTest.AUTHORIZER, ReviewApisTest.RULES));
        kubeconfig = server.dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: https://127.0.0.1:%d
                    certificate-authority: %s
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: test
                current-context: test
                users:
                - name: test
                  user:
                    client-certificate: %s
                    client-key: %s
                """.formatted(server.launcher.port(), io.capstan.common.pki.TestPki.get().dir().resolve("ca.crt"),
                        io.capstan.common.pki.TestPki.get().dir().resolve("admin.crt"), io.capstan.common.pki.TestPki.get().dir().resolve("admin.key")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    record Result(int exit, String out, String err) {
    }

    private static Result kubectl(String... args) throws Exception {
        return kubectlWithInput(null, args);
    }

    private static Result kubectlWithInput(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = builder.start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void whoamiPrintsTheUserTheRequestActsAs() throws Exception {
        Result anonymous = kubectl("auth", "whoami");
        assertEquals(0, anonymous.exit(), anonymous.err());
        assertTrue(anonymous.out().matches("(?s)ATTRIBUTE\\s+VALUE\\s+Username\\s+system:anonymous\\s+Groups\\s+\\[system:unauthenticated]\\s*"),
                anonymous.out());

        Result alice = kubectl("auth", "whoami", "--as", "alice", "--as-group", "devs", "-o", "json");
        assertEquals(0, alice.exit(), alice.err());
        assertTrue(alice.out().contains("\"kind\": \"SelfSubjectReview\""), alice.out());
        assertTrue(alice.out().replaceAll("\\s", "").contains("\"userInfo\":{\"username\":\"alice\",\"groups\":[\"devs\",\"system:authenticated\"]}"),
                alice.out());
    }

    @Test
    void canIAnswersYesAndNo() throws Exception {
        Result yes = kubectl("auth", "can-i", "list", "pods", "-n", "team", "--as", "alice");
        assertEquals(0, yes.exit(), yes.err());
        assertEquals("yes", yes.out().trim());

        Result no = kubectl("auth", "can-i", "create", "pods", "-n", "team", "--as", "alice");
        assertEquals(1, no.exit(), no.err());
        assertEquals("no", no.out().trim());

        Result denied = kubectl("auth", "can-i", "delete", "pods", "-n", "team", "--as", "alice");
        assertEquals(1, denied.exit(), denied.err());
        assertEquals("no - deletes are denied", denied.out().trim());

        Result nonResource = kubectl("auth", "can-i", "get", "/healthz", "--as", "alice");
        assertEquals(0, nonResource.exit(), nonResource.err());
        assertEquals("yes", nonResource.out().trim());
    }

    @Test
    void canIListPrintsTheRules() throws Exception {
        Result list = kubectl("auth", "can-i", "--list", "-n", "team", "--as", "alice");
        assertEquals(0, list.exit(), list.err());
        List<String> lines = list.out().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertEquals("Resources Non-Resource URLs Resource Names Verbs", lines.get(0), list.out());
        assertTrue(lines.contains("pods [] [] [get list]"), list.out());
        assertTrue(lines.contains("[/healthz] [] [get]"), list.out());
    }

    @Test
    void impersonationTheAuthorizerRefusesFailsKubectl() throws Exception {
        Result whoami = kubectl("auth", "whoami", "--as", "root");
        assertEquals(1, whoami.exit(), whoami.out());
        // kubectl's own words for a Forbidden SelfSubjectReview (ReviewApisTest checks the Status message).
        assertTrue(whoami.err().contains("error: the selfsubjectreviews API is not enabled in the cluster or you do not have "
                + "permission to call it"), whoami.err());
        // Discovery reads errors raw, so kubectl 1.32 prints "unknown" here against kube-apiserver too.
        Result get = kubectl("get", "namespaces", "--as", "root");
        assertEquals(1, get.exit(), get.out());
        assertTrue(get.err().contains("Error from server (Forbidden)"), get.err());
    }

    @Test
    void apiResourcesListsTheReviewsWithCreateOnly() throws Exception {
        Result r = kubectl("api-resources", "--api-group", "authorization.k8s.io", "-o", "wide");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
        assertTrue(lines.contains("localsubjectaccessreviews authorization.k8s.io/v1 true LocalSubjectAccessReview create"), r.out());
        assertTrue(lines.contains("selfsubjectrulesreviews authorization.k8s.io/v1 false SelfSubjectRulesReview create"), r.out());
        Result authn = kubectl("api-resources", "--api-group", "authentication.k8s.io", "-o", "name");
        assertEquals(List.of("selfsubjectreviews.authentication.k8s.io", "tokenreviews.authentication.k8s.io"),
                authn.out().lines().sorted().toList());
    }

    @Test
    void kubectlCreatesAReviewAndCannotGetOne() throws Exception {
        Result created = kubectlWithInput("""
                apiVersion: authorization.k8s.io/v1
                kind: SubjectAccessReview
                spec:
                  user: alice
                  resourceAttributes:
                    namespace: team
                    verb: get
                    resource: pods
                """, "create", "--validate=false", "-f", "-", "-o", "jsonpath={.status.allowed} {.status.reason}");
        // --validate=false: kubectl 1.32 finds no PATCH operation for a create-only kind in OpenAPI (as upstream has
        // none), then asks whether it is a CRD, and Capstan does not serve apiextensions.k8s.io yet.
        assertEquals(0, created.exit(), created.err());
        assertEquals("true RBAC: allowed by RoleBinding \"pods/team\"", created.out());

        Result get = kubectl("get", "tokenreviews");
        assertEquals(1, get.exit(), get.out());
        assertTrue(get.err().contains("Error from server (MethodNotAllowed): the server does not allow this method on the "
                + "requested resource"), get.err());
    }

    @Test
    void explainDescribesAReviewFromOpenApi() throws Exception {
        Result r = kubectl("explain", "selfsubjectaccessreviews.spec");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("GROUP:      authorization.k8s.io\nKIND:       SelfSubjectAccessReview\nVERSION:    v1\n"), r.out());
        assertTrue(r.out().contains("resourceAttributes\t<ResourceAttributes>"), r.out());
    }
}

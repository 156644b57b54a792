package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ClientTls;
import io.capstan.common.client.KubeConfig;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization matrix of issue 6, end to end: real callers (anonymous, a service account with no roles,
 * certificate users bound to {@code view}, {@code edit} and {@code admin} by RoleBindings in namespace
 * {@code matrix}, and one bound to {@code cluster-admin}) send real requests through the aggregator, for every
 * verb on secrets, pods, roles, rolebindings, nodes and namespaces. Writes are server-side dry runs, which are
 * authorized exactly as real writes. Each answer must be upstream's, as its bootstrap roles grant
 * (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go): a 403 {@code Forbidden} Status or not.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class AuthorizationMatrixIT {
    static final String NS = "matrix";
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");
    static final List<String> RESOURCES = List.of("secrets", "pods", "roles", "rolebindings", "nodes", "namespaces");
    static final Set<String> READ = Set.of("get", "list", "watch");
    static final Set<String> ALL = Set.copyOf(VERBS);

    enum Caller { ANONYMOUS, SERVICE_ACCOUNT, VIEW, EDIT, ADMIN, CLUSTER_ADMIN }

    /** Upstream's answer: the verbs each caller may use on each resource (names in namespace {@code matrix}). */
    static Set<String> allowed(Caller caller, String resource) {
        return switch (caller) {
            // system:anonymous and a service account without bindings get no resource permission at all
            // (system:discovery, system:basic-user and system:public-info-viewer grant none of these).
            case ANONYMOUS, SERVICE_ACCOUNT -> Set.of();
            case CLUSTER_ADMIN -> ALL;
            case VIEW, EDIT, ADMIN -> switch (resource) {
                // view reads pods but never secrets; edit and admin read and write both.
                case "pods" -> caller == Caller.VIEW ? READ : ALL;
                case "secrets" -> caller == Caller.VIEW ? Set.of() : ALL;
                // Only admin manages roles and bindings in its namespace (edit has no rbac rules).
                case "roles", "rolebindings" -> caller == Caller.ADMIN ? ALL : Set.of();
                // GET /api/v1/namespaces/matrix is in namespace "matrix", where view (aggregated into edit and
                // admin) grants get/list/watch on namespaces; every other namespace verb is cluster-wide.
                case "namespaces" -> Set.of("get");
                case "nodes" -> Set.of();
                default -> throw new IllegalArgumentException(resource);
            };
        };
    }

    @TestFactory
    Stream<DynamicTest> everyAnswerIsUpstreams(LocalControlPlane plane) throws Exception {
        Callers callers = Callers.create(plane);
        List<DynamicTest> tests = new ArrayList<>();
        for (Caller caller : Caller.values()) {
            for (String resource : RESOURCES) {
                Set<String> expected = allowed(caller, resource);
                for (String verb : VERBS) {
                    tests.add(DynamicTest.dynamicTest(caller + " " + verb + " " + resource, () -> {
                        HttpResponse<String> r = callers.send(caller, request(plane, callers, verb, resource));
                        if (expected.contains(verb)) {
                            assertTrue(r.statusCode() != 401 && r.statusCode() != 403 && r.statusCode() < 500,
                                    caller + " may " + verb + " " + resource + ": " + r.statusCode() + " " + r.body());
                        } else {
                            assertEquals(403, r.statusCode(), caller + " may not " + verb + " " + resource + ": " + r.body());
                            JsonNode status = Json.MAPPER.readTree(r.body());
                            assertEquals("Forbidden", status.path("reason").asText(), r.body());
                            assertTrue(status.path("message").asText().contains("User \"" + callers.username(caller) + "\""), r.body());
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void aNamespaceAdminCannotEscalateThroughRolesOrBindings(LocalControlPlane plane) throws Exception {
        Callers callers = Callers.create(plane);
        String binding = """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"grab"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice-admin"}]}""";
        HttpResponse<String> r = callers.send(Caller.ADMIN, post(plane, "/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/rolebindings", binding));
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("attempting to grant RBAC permissions not currently held"), r.body());
        String role = """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"nodes"},
                 "rules":[{"apiGroups":[""],"resources":["nodes"],"verbs":["get"]},{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]}""";
        r = callers.send(Caller.ADMIN, post(plane, "/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/roles", role));
        assertEquals(403, r.statusCode(), r.body());
        // What admin holds it may grant.
        String modest = """
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"pod-reader"},
                 "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}""";
        r = callers.send(Caller.ADMIN, post(plane, "/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/roles", modest));
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void kubectlAsAViewUserListsPodsButNotSecretsAndWhoamiNamesTheUser(LocalControlPlane plane) throws Exception {
        Callers callers = Callers.create(plane);
        Kubectl view = plane.kubectl(callers.kubeconfig(Caller.VIEW));
        Kubectl.Result pods = view.run("get", "pods", "-n", NS);
        assertEquals(0, pods.exitCode(), pods.stderr());
        assertTrue(pods.stdout().contains("p "), pods.stdout());
        Kubectl.Result secrets = view.run("get", "secrets", "-n", NS);
        assertEquals(1, secrets.exitCode(), secrets.stdout());
        assertEquals("Error from server (Forbidden): secrets is forbidden: User \"bob-view\" cannot list resource \"secrets\""
                + " in API group \"\" in the namespace \"matrix\"\n", secrets.stderr());
        Kubectl.Result whoami = plane.kubectl().run("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        assertEquals(0, whoami.exitCode(), whoami.stderr());
        assertEquals("kubernetes-admin", whoami.stdout());
        Kubectl.Result canI = view.run("auth", "can-i", "list", "secrets", "-n", NS);
        assertEquals("no\n", canI.stdout());
    }

    static HttpRequest.Builder request(LocalControlPlane plane, Callers callers, String verb, String resource) {
        String collection = collectionPath(resource);
        String name = switch (resource) {
            case "secrets" -> "s";
            case "pods" -> "p";
            case "roles" -> "r";
            case "rolebindings" -> "rb";
            case "nodes" -> "matrix-node";
            case "namespaces" -> NS;
            default -> throw new IllegalArgumentException(resource);
        };
        URI base = plane.aggregatorUrl();
        return switch (verb) {
            case "get" -> HttpRequest.newBuilder(base.resolve(collection + "/" + name)).GET();
            case "list" -> HttpRequest.newBuilder(base.resolve(collection)).GET();
            case "watch" -> HttpRequest.newBuilder(base.resolve(collection + "?watch=true&timeoutSeconds=1")).GET();
            case "create" -> HttpRequest.newBuilder(base.resolve(collection + "?dryRun=All"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(callers.newObject(resource).toString()));
            case "update" -> HttpRequest.newBuilder(base.resolve(collection + "/" + name + "?dryRun=All"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(callers.current(resource).toString()));
            case "patch" -> HttpRequest.newBuilder(base.resolve(collection + "/" + name + "?dryRun=All"))
                    .header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"labels\":{\"matrix\":\"patched\"}}}"));
            case "delete" -> HttpRequest.newBuilder(base.resolve(collection + "/" + name + "?dryRun=All")).DELETE();
            case "deletecollection" -> HttpRequest.newBuilder(base.resolve(collection + "?dryRun=All")).DELETE();
            default -> throw new IllegalArgumentException(verb);
        };
    }

    static String collectionPath(String resource) {
        return switch (resource) {
            case "secrets", "pods" -> "/api/v1/namespaces/" + NS + "/" + resource;
            case "roles", "rolebindings" -> "/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/" + resource;
            case "nodes", "namespaces" -> "/api/v1/" + resource;
            default -> throw new IllegalArgumentException(resource);
        };
    }

    static HttpRequest.Builder post(LocalControlPlane plane, String path, String body) {
        return HttpRequest.newBuilder(plane.aggregatorUrl().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** The callers, their credentials, and the objects they act on, created once per control plane. */
    static final class Callers {
        private static final Map<LocalControlPlane, Callers> CREATED = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Caller, HttpClient> clients = new LinkedHashMap<>();
        private final Map<Caller, Path> kubeconfigs = new LinkedHashMap<>();
        private final Map<String, ObjectNode> current = new LinkedHashMap<>();
        private String serviceAccountToken;

        static synchronized Callers create(LocalControlPlane plane) throws Exception {
            Callers existing = CREATED.get(plane);
            if (existing == null) {
                existing = new Callers();
                existing.setUp(plane);
                CREATED.put(plane, existing);
            }
            return existing;
        }

        String username(Caller caller) {
            return switch (caller) {
                case ANONYMOUS -> "system:anonymous";
                case SERVICE_ACCOUNT -> "system:serviceaccount:" + NS + ":nobody";
                case VIEW -> "bob-view";
                case EDIT -> "carol-edit";
                case ADMIN -> "alice-admin";
                case CLUSTER_ADMIN -> "root";
            };
        }

        Path kubeconfig(Caller caller) {
            return kubeconfigs.get(caller);
        }

        HttpResponse<String> send(Caller caller, HttpRequest.Builder request) throws Exception {
            request.timeout(Duration.ofSeconds(30));
            if (caller == Caller.SERVICE_ACCOUNT) {
                request.header("Authorization", "Bearer " + serviceAccountToken);
            }
            return clients.get(caller).send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        ObjectNode current(String resource) {
            return current.get(resource).deepCopy();
        }

        ObjectNode newObject(String resource) {
            ObjectNode o = current(resource);
            ObjectNode meta = Json.MAPPER.createObjectNode();
            meta.put("name", "new-" + o.path("metadata").path("name").asText());
            o.set("metadata", meta);
            o.remove("status");
            if (resource.equals("pods")) {
                ((ObjectNode) o.path("spec")).remove("nodeName");
            }
            return o;
        }

        private void setUp(LocalControlPlane plane) throws Exception {
            Path dir = Files.createTempDirectory(plane.logDir(), "matrix-users");
            try (HttpClient admin = plane.httpClient()) {
                String[][] setup = {
                        {"/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + NS + "\"}}"},
                        {"/api/v1/nodes", "{\"metadata\":{\"name\":\"matrix-node\"}}"},
                        {"/api/v1/namespaces/" + NS + "/serviceaccounts", "{\"metadata\":{\"name\":\"nobody\"}}"},
                        {"/api/v1/namespaces/" + NS + "/secrets", "{\"metadata\":{\"name\":\"s\"},\"stringData\":{\"k\":\"v\"}}"},
                        {"/api/v1/namespaces/" + NS + "/pods", "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}"},
                        {"/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/roles",
                                "{\"metadata\":{\"name\":\"r\"},\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\"]}]}"},
                        {"/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/rolebindings",
                                binding("rb", "Role", "r", "someone")},
                        {"/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/rolebindings", binding("view", "ClusterRole", "view", "bob-view")},
                        {"/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/rolebindings", binding("edit", "ClusterRole", "edit", "carol-edit")},
                        {"/apis/rbac.authorization.k8s.io/v1/namespaces/" + NS + "/rolebindings", binding("admin", "ClusterRole", "admin", "alice-admin")},
                        {"/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", binding("matrix-root", "ClusterRole", "cluster-admin", "root")},
                };
                for (String[] s : setup) {
                    HttpResponse<String> r = admin.send(HttpRequest.newBuilder(plane.aggregatorUrl().resolve(s[0]))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(s[1])).build(), HttpResponse.BodyHandlers.ofString());
                    assertTrue(r.statusCode() == 201 || r.statusCode() == 409, s[0] + ": " + r.body());
                }
                for (String resource : RESOURCES) {
                    String name = switch (resource) {
                        case "secrets" -> "s";
                        case "pods" -> "p";
                        case "roles" -> "r";
                        case "rolebindings" -> "rb";
                        case "nodes" -> "matrix-node";
                        default -> NS;
                    };
                    HttpResponse<String> r = admin.send(HttpRequest.newBuilder(plane.aggregatorUrl()
                            .resolve(collectionPath(resource) + "/" + name)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                    current.put(resource, (ObjectNode) Json.MAPPER.readTree(r.body()));
                }
                HttpResponse<String> token = admin.send(HttpRequest.newBuilder(plane.aggregatorUrl()
                                .resolve("/api/v1/namespaces/" + NS + "/serviceaccounts/nobody/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":{}}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, token.statusCode(), token.body());
                serviceAccountToken = Json.MAPPER.readTree(token.body()).path("status").path("token").asText();
                assertFalse(serviceAccountToken.isEmpty());
            }
            ClientConfig adminConfig = KubeConfig.buildConfigFromFlags("", plane.kubeconfig().toString());
            ClientConfig.Tls caOnly = new ClientConfig.Tls(adminConfig.tls().caFile(), adminConfig.tls().caData(),
                    null, null, null, null, false, null);
            SSLContext anonymous = ClientTls.sslContext(caOnly);
            clients.put(Caller.ANONYMOUS, client(anonymous));
            clients.put(Caller.SERVICE_ACCOUNT, client(anonymous));
            for (Caller c : List.of(Caller.VIEW, Caller.EDIT, Caller.ADMIN, Caller.CLUSTER_ADMIN)) {
                Path kubeconfig = dir.resolve(username(c) + ".conf");
                plane.pki().writeUserKubeConfig(kubeconfig, plane.aggregatorUrl().toString(), username(c), List.of());
                kubeconfigs.put(c, kubeconfig);
                clients.put(c, client(ClientTls.sslContext(KubeConfig.buildConfigFromFlags("", kubeconfig.toString()).tls())));
            }
            // RBAC learns of new bindings through a watch: wait until every bound caller's binding is in effect.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (Caller c : List.of(Caller.VIEW, Caller.EDIT, Caller.ADMIN, Caller.CLUSTER_ADMIN)) {
                while (send(c, HttpRequest.newBuilder(plane.aggregatorUrl().resolve(collectionPath("pods")))).statusCode() != 200) {
                    assertTrue(System.nanoTime() < deadline, username(c) + "'s binding never took effect");
                    Thread.sleep(100);
                }
            }
        }

        private static HttpClient client(SSLContext ssl) {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }

        private static String binding(String name, String roleKind, String role, String user) {
            return "{\"metadata\":{\"name\":\"" + name + "\"},\"roleRef\":{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\""
                    + roleKind + "\",\"name\":\"" + role + "\"},\"subjects\":[{\"apiGroup\":\"rbac.authorization.k8s.io\","
                    + "\"kind\":\"User\",\"name\":\"" + user + "\"}]}";
        }
    }
}

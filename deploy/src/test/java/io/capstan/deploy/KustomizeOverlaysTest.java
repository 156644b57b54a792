package io.capstan.deploy;

import io.capstan.common.testing.RequiredProgram;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Renders each overlay with the real {@code kubectl kustomize} and checks what a cluster would get. */
class KustomizeOverlaysTest {
    private static final String TAG = "0.1.0-SNAPSHOT";
    private static final String NAMESPACE = "capstan-system";
    /** Service, its port, and the flags its binary accepts (an unknown flag would crash-loop the pod). */
    private static final Map<String, Integer> PORTS = Map.of(
            "apiserver", 6444, "aggregator", 6443, "controller-manager", 10257, "scheduler", 10259);
    private static final Map<String, Set<String>> FLAGS = Map.of(
            "apiserver", Set.of("--bind-address", "--secure-port", "--tls-cert-file", "--tls-private-key-file",
                    "--storage-backend", "--data-dir", "--etcd-servers", "--etcd-prefix", "--client-ca-file",
                    "--requestheader-client-ca-file", "--requestheader-allowed-names", "--requestheader-username-headers",
                    "--requestheader-group-headers", "--requestheader-extra-headers-prefix", "--service-account-key-file",
                    "--service-account-signing-key-file", "--service-account-issuer", "--authorization-mode"),
            "aggregator", Set.of("--bind-address", "--secure-port", "--tls-cert-file", "--tls-private-key-file", "--apiserver-url",
                    "--apiserver-ca-file", "--proxy-client-cert-file", "--proxy-client-key-file", "--client-ca-file"),
            "controller-manager", Set.of("--bind-address", "--secure-port", "--tls-cert-file", "--tls-private-key-file",
                    "--kubeconfig", "--master", "--root-ca-file", "--service-account-private-key-file"),
            "scheduler", Set.of("--bind-address", "--secure-port", "--tls-cert-file", "--tls-private-key-file",
                    "--kubeconfig", "--master"));
    private static final String PKI = "/etc/capstan/pki/";

    static Stream<Arguments> overlays() {
        return Stream.of(
                Arguments.of("single-node", Map.of("apiserver", 1, "aggregator", 1, "controller-manager", 1, "scheduler", 1), 1),
                Arguments.of("ha", Map.of("apiserver", 3, "aggregator", 2, "controller-manager", 2, "scheduler", 2), 3));
    }

    private static Manifests render(String overlay) throws Exception {
        Path kubectl = RequiredProgram.require("kubectl", "the deploy tests render the overlays with 'kubectl kustomize'");
        Path dir = Path.of("overlays", overlay).toAbsolutePath();
        assertTrue(Files.isDirectory(dir), dir + " is missing (tests run from the deploy module's directory)");
        return Manifests.render(kubectl, dir);
    }

    @ParameterizedTest(name = "{0}: the expected objects, all in capstan-system")
    @MethodSource("overlays")
    void rendersTheControlPlaneObjects(String overlay) throws Exception {
        Manifests m = render(overlay);
        Map<String, Integer> kinds = new TreeMap<>();
        m.objects().forEach(o -> kinds.merge(o.path("kind").asText(), 1, Integer::sum));
        assertEquals(Map.of("Namespace", 1, "ServiceAccount", 1, "Service", 6,
                "Deployment", 4, "StatefulSet", 1), kinds);
        assertEquals(NAMESPACE, m.get("Namespace", NAMESPACE).path("metadata").path("name").asText());
        for (JsonNode o : m.objects()) {
            if (!o.path("kind").asText().equals("Namespace")) {
                assertEquals(NAMESPACE, o.path("metadata").path("namespace").asText(),
                        o.path("kind").asText() + " " + o.path("metadata").path("name").asText());
            }
        }
    }

    @ParameterizedTest(name = "{0}: replicas {1}, etcd members {2}")
    @MethodSource("overlays")
    void setsReplicas(String overlay, Map<String, Integer> replicas, int etcdMembers) throws Exception {
        Manifests m = render(overlay);
        replicas.forEach((name, count) ->
                assertEquals(count, m.get("Deployment", name).path("spec").path("replicas").asInt(), name + " replicas"));
        assertEquals(etcdMembers, m.get("StatefulSet", "etcd").path("spec").path("replicas").asInt(), "etcd replicas");
    }

    @ParameterizedTest(name = "{0}: images, probes, ports and flags of the four services")
    @MethodSource("overlays")
    void servicesHaveImagesProbesAndKnownFlags(String overlay) throws Exception {
        Manifests m = render(overlay);
        for (var entry : PORTS.entrySet()) {
            String name = entry.getKey();
            int port = entry.getValue();
            JsonNode c = Manifests.container(m.get("Deployment", name));
            assertEquals("localhost/capstan/capstan-" + name + ":" + TAG, c.path("image").asText());
            assertEquals(port, c.path("ports").path(0).path("containerPort").asInt(), name + " containerPort");
            String portName = c.path("ports").path(0).path("name").asText();
            assertEquals("/livez", c.path("livenessProbe").path("httpGet").path("path").asText(), name);
            assertEquals(portName, c.path("livenessProbe").path("httpGet").path("port").asText(), name);
            assertEquals("/readyz", c.path("readinessProbe").path("httpGet").path("path").asText(), name);
            assertEquals(portName, c.path("readinessProbe").path("httpGet").path("port").asText(), name);
            assertEquals("HTTPS", c.path("livenessProbe").path("httpGet").path("scheme").asText(), name + " probes over HTTPS");
            assertEquals("HTTPS", c.path("readinessProbe").path("httpGet").path("scheme").asText(), name + " probes over HTTPS");

            List<String> args = Manifests.texts(c.path("args"));
            assertTrue(args.contains("--secure-port=" + port), name + " args " + args);
            assertTrue(args.contains("--bind-address=0.0.0.0"), name + " must listen beyond loopback: " + args);
            assertTrue(args.contains("--tls-cert-file=" + PKI + name + ".crt"), name + " serves its own certificate: " + args);
            assertTrue(args.contains("--tls-private-key-file=" + PKI + name + ".key"), name + " args " + args);
            for (String arg : args) {
                String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                assertTrue(FLAGS.get(name).contains(flag), name + " has no flag " + flag);
            }

            JsonNode service = m.get("Service", name);
            assertEquals(name, service.path("spec").path("selector").path("app.kubernetes.io/name").asText());
            assertEquals(port, service.path("spec").path("ports").path(0).path("port").asInt());
            assertEquals(portName, service.path("spec").path("ports").path(0).path("targetPort").asText());
            assertEquals("true", c.path("securityContext").path("readOnlyRootFilesystem").asText(), name);
        }
    }

    @ParameterizedTest(name = "{0}: the services are wired to each other")
    @MethodSource("overlays")
    void servicesReachEachOther(String overlay) throws Exception {
        Manifests m = render(overlay);
        List<String> apiserver = Manifests.texts(Manifests.container(m.get("Deployment", "apiserver")).path("args"));
        assertTrue(apiserver.contains("--storage-backend=etcd3"), apiserver.toString());
        assertTrue(apiserver.contains("--etcd-servers=http://etcd-client." + NAMESPACE + ".svc:2379"), apiserver.toString());
        assertEquals(2379, m.get("Service", "etcd-client").path("spec").path("ports").path(0).path("port").asInt());

        List<String> aggregator = Manifests.texts(Manifests.container(m.get("Deployment", "aggregator")).path("args"));
        assertTrue(aggregator.contains("--apiserver-url=https://apiserver." + NAMESPACE + ".svc:6444"), aggregator.toString());
        assertTrue(aggregator.contains("--proxy-client-cert-file=" + PKI + "front-proxy-client.crt"), aggregator.toString());
        assertTrue(aggregator.contains("--apiserver-ca-file=" + PKI + "ca.crt"), aggregator.toString());

        for (String name : List.of("controller-manager", "scheduler")) {
            List<String> args = Manifests.texts(Manifests.container(m.get("Deployment", name)).path("args"));
            assertTrue(args.contains("--kubeconfig=" + PKI + name + ".conf"), name + " " + args);
            assertTrue(args.contains("--master=https://apiserver." + NAMESPACE + ".svc:6444"), name + " " + args);
        }
    }

    @ParameterizedTest(name = "{0}: every file a service is given comes from the PKI Secret, mounted read-only")
    @MethodSource("overlays")
    void pkiFilesComeFromTheSecret(String overlay) throws Exception {
        Manifests m = render(overlay);
        for (String name : PORTS.keySet()) {
            JsonNode pod = m.get("Deployment", name).path("spec").path("template").path("spec");
            JsonNode c = pod.path("containers").path(0);
            List<String> mounts = new ArrayList<>();
            c.path("volumeMounts").forEach(v -> mounts.add(v.path("name").asText() + "@" + v.path("mountPath").asText()
                    + (v.path("readOnly").asBoolean() ? ":ro" : "")));
            assertTrue(mounts.contains("pki@/etc/capstan/pki:ro"), name + " mounts " + mounts);
            JsonNode secret = null;
            for (JsonNode v : pod.path("volumes")) {
                if (v.path("name").asText().equals("pki")) {
                    secret = v.path("secret");
                }
            }
            assertTrue(secret != null && secret.path("secretName").asText().equals("capstan-pki"), name + " volume pki");
            assertEquals(0440, secret.path("defaultMode").asInt(), name + " keys readable by the group only");
            assertEquals(65532, pod.path("securityContext").path("fsGroup").asInt(), name + " fsGroup owns the Secret's files");
            Set<String> items = new java.util.HashSet<>();
            secret.path("items").forEach(i -> items.add(i.path("path").asText()));
            for (String arg : Manifests.texts(c.path("args"))) {
                int at = arg.indexOf(PKI);
                if (at >= 0) {
                    String file = arg.substring(at + PKI.length());
                    assertTrue(items.contains(file), name + " reads " + file + " but the Secret volume holds only " + items);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: etcd has {2} member(s) with stable peer names")
    @MethodSource("overlays")
    void etcdMembersMatchReplicas(String overlay, Map<String, Integer> replicas, int etcdMembers) throws Exception {
        Manifests m = render(overlay);
        JsonNode etcd = m.get("StatefulSet", "etcd");
        assertEquals("etcd", etcd.path("spec").path("serviceName").asText());
        JsonNode headless = m.get("Service", "etcd");
        assertEquals("None", headless.path("spec").path("clusterIP").asText());
        assertTrue(headless.path("spec").path("publishNotReadyAddresses").asBoolean());

        JsonNode c = Manifests.container(etcd);
        assertTrue(c.path("image").asText().matches("registry\\.k8s\\.io/etcd:3\\.5\\.\\d+-\\d+"), c.path("image").asText());
        String initialCluster = "";
        for (JsonNode env : c.path("env")) {
            if (env.path("name").asText().equals("ETCD_INITIAL_CLUSTER")) {
                initialCluster = env.path("value").asText();
            }
        }
        List<String> members = new ArrayList<>();
        for (int i = 0; i < etcdMembers; i++) {
            members.add("etcd-" + i + "=http://etcd-" + i + ".etcd." + NAMESPACE + ".svc:2380");
        }
        assertEquals(String.join(",", members), initialCluster);
        assertEquals("/health", c.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/health", c.path("readinessProbe").path("httpGet").path("path").asText());
        assertFalse(etcd.path("spec").path("volumeClaimTemplates").isEmpty(), "etcd keeps its data on a volume");
        List<String> command = Manifests.texts(c.path("command"));
        assertTrue(command.contains("--data-dir=/var/lib/etcd"), command.toString());
    }
}

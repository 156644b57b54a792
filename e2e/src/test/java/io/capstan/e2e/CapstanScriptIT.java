package io.capstan.e2e;

import io.capstan.common.testing.RequiredProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command as a user meets it: {@code ./capstan up} starts the four services and
 * prints a kubeconfig that kubectl uses; {@code status} and {@code logs} report on them; {@code down}
 * stops them; {@code up} again brings every object back. Runs in its own CAPSTAN_HOME on free ports.
 */
class CapstanScriptIT {
    private static Path home;
    private static Path kubectl;
    private static final Map<String, String> ENV = new HashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        kubectl = RequiredProgram.require("kubectl", "the script test talks to the control plane with it");
        home = Files.createTempDirectory("capstan-home-");
        FreePorts ports = new FreePorts();
        ENV.put("CAPSTAN_HOME", home.toString());
        ENV.put("CAPSTAN_APISERVER_PORT", Integer.toString(ports.next()));
        ENV.put("CAPSTAN_AGGREGATOR_PORT", Integer.toString(ports.next()));
        ENV.put("CAPSTAN_CONTROLLER_MANAGER_PORT", Integer.toString(ports.next()));
        ENV.put("CAPSTAN_SCHEDULER_PORT", Integer.toString(ports.next()));
        // The JVM running the tests is a JDK 21+: let the script use it.
        ProcessHandle.current().info().command().map(Path::of).map(p -> p.getParent().getParent())
                .ifPresent(javaHome -> ENV.put("JAVA_HOME", javaHome.toString()));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (home != null) {
            capstan("down");
            LocalControlPlane.deleteRecursively(home);
        }
    }

    @Test
    void upStatusLogsDownUpKeepsData() throws Exception {
        Result up = capstan("up");
        assertEquals(0, up.code(), up.output());
        Path kubeconfig = home.resolve("kubeconfig");
        assertTrue(up.output().contains(kubeconfig.toString()), "up prints the kubeconfig path:\n" + up.output());

        // up created the cluster's key material, private keys readable by the owner only, and the
        // kubeconfig carries the admin certificate for an https server.
        for (String f : List.of("ca.crt", "ca.key", "apiserver.crt", "front-proxy-client.key", "sa.key", "sa.pub", "admin.conf")) {
            assertTrue(Files.isRegularFile(home.resolve("pki").resolve(f)), f + " missing:\n" + up.output());
        }
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home.resolve("pki/ca.key"))));
        String config = Files.readString(kubeconfig);
        assertTrue(config.contains("server: \"https://127.0.0.1:" + ENV.get("CAPSTAN_AGGREGATOR_PORT") + "\""), config);
        assertTrue(config.contains("client-certificate-data: "), config);
        byte[] caBefore = Files.readAllBytes(home.resolve("pki/ca.crt"));

        Result namespaces = kubectl("get", "namespaces", "-o", "name");
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            assertTrue(namespaces.output().contains("namespace/" + ns), namespaces.output());
        }
        assertEquals(0, kubectl("create", "configmap", "survivor", "--from-literal=k=v").code());

        Result status = capstan("status");
        assertEquals(0, status.code(), status.output());
        for (String service : LocalControlPlane.SERVICES) {
            assertTrue(status.output().lines().anyMatch(l -> l.startsWith(service) && l.contains("running") && l.contains("ok")),
                    service + " not running and ready:\n" + status.output());
        }
        Result logs = capstan("logs", "apiserver");
        assertTrue(logs.output().contains("capstan-apiserver listening on"), logs.output());

        Result down = capstan("down");
        assertEquals(0, down.code(), down.output());
        Result stopped = capstan("status");
        assertTrue(stopped.output().lines().filter(l -> l.contains("stopped")).count() >= 4, stopped.output());
        assertTrue(Files.readString(home.resolve("logs/apiserver.log")).contains("capstan-apiserver stopped"),
                "the API server logged its graceful stop");

        Result again = capstan("up");
        assertEquals(0, again.code(), again.output());
        Result kept = kubectl("get", "configmap", "survivor", "-o", "jsonpath={.data.k}");
        assertEquals("v", kept.output().strip(), "data survives down and up: " + kept.output());
        assertArrayEquals(caBefore, Files.readAllBytes(home.resolve("pki/ca.crt")), "up again keeps the CA");

        // The admin kubeconfig acts as kubernetes-admin.
        Result whoami = kubectl("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        assertEquals("kubernetes-admin", whoami.output().strip(), whoami.output());

        // The README's view user: a kubeconfig signed by the cluster CA, bound to view, lists pods but not secrets.
        Path jane = home.resolve("jane.conf");
        Result user = capstan("pki", "user", "jane", "--group", "dev", "--out", jane.toString());
        assertEquals(0, user.code(), user.output());
        Result forbidden = run(List.of(kubectl.toString(), "--kubeconfig", jane.toString(), "get", "pods"));
        assertTrue(forbidden.output().contains("User \"jane\" cannot list resource \"pods\""), forbidden.output());
        Result bind = kubectl("create", "clusterrolebinding", "jane-view", "--clusterrole=view", "--user=jane");
        assertEquals(0, bind.code(), bind.output());
        Result pods = null;
        for (int i = 0; i < 50; i++) { // RBAC learns of the binding through a watch
            pods = run(List.of(kubectl.toString(), "--kubeconfig", jane.toString(), "get", "pods"));
            if (pods.code() == 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(0, pods.code(), pods.output());
        Result secrets = run(List.of(kubectl.toString(), "--kubeconfig", jane.toString(), "get", "secrets"));
        assertTrue(secrets.code() != 0 && secrets.output().contains("User \"jane\" cannot list resource \"secrets\""),
                secrets.output());
        Result again2 = capstan("pki", "user", "jane", "--out", jane.toString());
        assertTrue(again2.code() != 0, "pki user never overwrites: " + again2.output());
    }

    private record Result(int code, String output) {
    }

    private static Result capstan(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", repository().resolve("capstan").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Result kubectl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", home.resolve("kubeconfig").toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private static Result run(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(repository().toFile()).redirectErrorStream(true);
        pb.environment().putAll(ENV);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 5 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static Path repository() {
        return ControlPlaneExtension.repositoryRoot();
    }
}

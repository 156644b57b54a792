package io.capstan.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.testing.RequiredProgram;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Initial sync time and retained heap of Capstan's pod informer against fabric8's {@code SharedIndexInformer},
 * both against the same Capstan API server, for each pod count in {@code -Dbench.counts} (default
 * {@code 10000,50000}). Run with {@code ./mvnw -o -pl e2e verify -Pbench} after {@code package}; it is no
 * part of the normal build.
 *
 * <p>Each client is measured in a JVM of its own ({@code InformerBench measure <client> <url> <count>}), so
 * neither sees the other's garbage, classes or JIT state. In it the informer syncs twice: the first round warms
 * the JIT and is thrown away; the second is measured. Sync time runs from creating the client to the cache
 * holding every pod. Heap is the used heap after full GCs with the synced informer still reachable, minus the
 * same before the client was made: what the informer retains (cache, indexes, client), not what it allocated.
 */
public final class InformerBench {
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    private static final int CREATORS = 8;
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);

    private InformerBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("measure")) {
            measure(args[1], URI.create(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            return;
        }
        int[] counts = Arrays.stream(System.getProperty("bench.counts", "10000,50000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        Path kubectl = RequiredProgram.require("kubectl", "the local control plane needs it");
        Path logs = ControlPlaneExtension.repositoryRoot().resolve("e2e/target/e2e-logs/InformerBench");
        try (LocalControlPlane plane = LocalControlPlane.start(StorageBackend.SQLITE, ControlPlaneExtension.repositoryRoot(), logs, kubectl, null)) {
            // Without nodes the scheduler would mark every pod unschedulable, writing while we measure.
            plane.stopService("scheduler");
            plane.stopService("controller-manager");
            ClientConfig direct = plane.clientConfig(plane.apiserverUrl()).withRateLimits(100_000, 100_000);
            try (RestClient client = new RestClient(direct)) {
                ObjectNode ns = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
                ns.putObject("metadata").put("name", "bench");
                client.resource(NAMESPACES).create(ns);
                int created = 0;
                for (int count : counts) {
                    long start = System.nanoTime();
                    createPods(client.resource(PODS).namespace("bench"), created, count);
                    System.out.printf("created pods %d..%d in %d ms%n", created, count, (System.nanoTime() - start) / 1_000_000);
                    created = count;
                    Measurement capstan = inOwnJvm("capstan", plane.apiserverUrl(), count, plane.kubeconfig());
                    Measurement fabric8 = inOwnJvm("fabric8", plane.apiserverUrl(), count, plane.kubeconfig());
                    System.out.printf("BENCH pods=%d capstan: sync %d ms, heap %.1f MiB | fabric8: sync %d ms, heap %.1f MiB"
                                    + " | ratio capstan/fabric8: time %.2f, heap %.2f%n", count,
                            capstan.syncMillis(), capstan.heapMiB(), fabric8.syncMillis(), fabric8.heapMiB(),
                            (double) capstan.syncMillis() / fabric8.syncMillis(), capstan.heapMiB() / fabric8.heapMiB());
                }
            }
        }
    }

    /** One informer's figures. */
    record Measurement(long syncMillis, double heapMiB) {
    }

    /** Runs {@link #measure} in a fresh JVM with the same class path and reads its RESULT line. */
    private static Measurement inOwnJvm(String which, URI server, int count, Path kubeconfig) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx2g", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"),
                InformerBench.class.getName(), "measure", which, server.toString(), Integer.toString(count), kubeconfig.toString())
                .redirectErrorStream(true).start();
        Measurement result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    String[] f = line.split(" ");
                    result = new Measurement(Long.parseLong(f[1]), Long.parseLong(f[2]) / 1048576.0);
                } else if (!line.startsWith("SLF4J")) {
                    System.out.println("  [" + which + "] " + line);
                }
            }
        }
        if (p.waitFor() != 0 || result == null) {
            throw new IllegalStateException(which + " measurement failed (exit " + p.exitValue() + ")");
        }
        return result;
    }

    /** In the child JVM: a warm-up sync, then the measured one; prints {@code RESULT <syncMillis> <retainedBytes>}. */
    private static void measure(String which, URI server, int expected, Path kubeconfig) throws Exception {
        Informer warmUp = open(which, server, expected, kubeconfig);
        warmUp.close();
        long before = usedHeapAfterGc();
        long start = System.nanoTime();
        Informer measured = open(which, server, expected, kubeconfig);
        long synced = System.nanoTime() - start;
        long after = usedHeapAfterGc();
        Reference.reachabilityFence(measured);
        System.out.println("RESULT " + synced / 1_000_000 + " " + (after - before));
        measured.close();
        System.exit(0);
    }

    /** A synced informer and everything it needs, to keep reachable while measuring and close after. */
    private interface Informer extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code kubeconfig} holds the admin credentials; {@code server} replaces its server. */
    private static Informer open(String which, URI server, int expected, Path kubeconfig) throws Exception {
        return switch (which) {
            case "capstan" -> capstan(server, expected, kubeconfig);
            case "fabric8" -> fabric8(server, expected, kubeconfig);
            default -> throw new IllegalArgumentException("client " + which);
        };
    }

    private static Informer capstan(URI server, int expected, Path kubeconfig) throws Exception {
        RestClient client = new RestClient(io.capstan.common.client.KubeConfig.buildConfigFromFlags(server.toString(), kubeconfig.toString()));
        SharedInformerFactory factory = new SharedInformerFactory(client, Duration.ZERO);
        SharedInformer<Pod> pods = factory.informerFor(PODS, Pod.class);
        pods.setTransform(SharedInformer.dropManagedFields()); // as client-go users commonly do
        factory.start();
        if (!factory.waitForCacheSync(SYNC_TIMEOUT)) {
            throw new IllegalStateException("capstan informer did not sync");
        }
        check(pods.lister().list().size(), expected, "capstan");
        return () -> {
            factory.close();
            client.close();
        };
    }

    private static Informer fabric8(URI server, int expected, Path kubeconfig) throws Exception {
        Config config = new ConfigBuilder(Config.fromKubeconfig(java.nio.file.Files.readString(kubeconfig)))
                .withMasterUrl(server.toString()).withRequestTimeout(300_000)
                .withHttp2Disable(true).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        var informer = client.pods().inAnyNamespace().runnableInformer(0);
        // start() completes once the initial list has reached the cache and the watch is open.
        informer.start().toCompletableFuture().get(SYNC_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        check(informer.getStore().list().size(), expected, "fabric8");
        return () -> {
            informer.close();
            client.close();
        };
    }

    private static void check(int actual, int expected, String who) {
        if (actual != expected) {
            throw new IllegalStateException(who + " cached " + actual + " pods, expected " + expected);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void createPods(ResourceInterface pods, int from, int to) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(from);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < CREATORS; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    pods.create(pod("pod-" + i));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** A pod of typical size: labels, one container with resources, env and a probe. */
    private static ObjectNode pod(String name) {
        ObjectNode pod = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata").put("name", name);
        metadata.putObject("labels").put("app", "bench").put("tier", "web").put("pod", name);
        ObjectNode container = pod.putObject("spec").putArray("containers").addObject()
                .put("name", "app").put("image", "registry.k8s.io/pause:3.10");
        container.putObject("resources").putObject("requests").put("cpu", "10m").put("memory", "16Mi");
        container.putArray("env").addObject().put("name", "POD").put("value", name);
        container.putArray("ports").addObject().put("containerPort", 8080).put("protocol", "TCP");
        container.putObject("readinessProbe").putObject("httpGet").put("path", "/healthz").put("port", 8080);
        return pod;
    }
}

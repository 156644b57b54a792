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

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Initial sync time and retained heap of Capstan's pod informer against fabric8's {@code SharedIndexInformer},
 * both against the same Capstan API server, for each pod count in {@code -Dbench.counts} (default
 * {@code 10000,50000}). Run with {@code ./mvnw -o -pl e2e verify -Pbench} after {@code package}; it is no
 * part of the normal build.
 *
 * <p>If fabric8's informer does not sync within a minute it is reported and skipped, so Capstan's figures
 * still come out.
 *
 * <p>Heap is the used heap after a full GC with the informer synced, minus the same before it started,
 * so it approximates what the cache retains. Both informers run in this one JVM, one after the other, each
 * measured twice (the first round warms the JIT); the second round is printed.
 */
public final class InformerBench {
    private static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    private static final int CREATORS = 8;
    private static final Duration FABRIC8_SYNC_TIMEOUT = Duration.ofSeconds(60);

    private InformerBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = Arrays.stream(System.getProperty("bench.counts", "10000,50000").split(","))
                .map(String::trim).mapToInt(Integer::parseInt).toArray();
        Path kubectl = RequiredProgram.require("kubectl", "the local control plane needs it");
        Path logs = ControlPlaneExtension.repositoryRoot().resolve("e2e/target/e2e-logs/InformerBench");
        try (LocalControlPlane plane = LocalControlPlane.start(StorageBackend.SQLITE, ControlPlaneExtension.repositoryRoot(), logs, kubectl, null)) {
            // Without nodes the scheduler would mark every pod unschedulable, writing while we measure.
            plane.stopService("scheduler");
            plane.stopService("controller-manager");
            ClientConfig direct = ClientConfig.forServer(plane.apiserverUrl()).withRateLimits(100_000, 100_000);
            try (RestClient client = new RestClient(direct)) {
                ObjectNode ns = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
                ns.putObject("metadata").put("name", "bench");
                client.resource(NAMESPACES).create(ns);
                int created = 0;
                boolean fabric8Works = true;
                for (int count : counts) {
                    long start = System.nanoTime();
                    createPods(client.resource(PODS).namespace("bench"), created, count);
                    System.out.printf("created pods %d..%d in %d ms%n", created, count, (System.nanoTime() - start) / 1_000_000);
                    created = count;
                    for (int round = 0; round < 2; round++) {
                        Measurement capstan = capstan(direct, count);
                        Measurement fabric8 = fabric8Works ? fabric8(plane, count) : null;
                        fabric8Works = fabric8 != null;
                        if (round == 1 && fabric8 != null) {
                            System.out.printf("BENCH pods=%d capstan: sync %d ms, heap %.1f MiB | fabric8: sync %d ms, heap %.1f MiB"
                                            + " | ratio capstan/fabric8: time %.2f, heap %.2f%n", count,
                                    capstan.syncMillis(), capstan.heapMiB(), fabric8.syncMillis(), fabric8.heapMiB(),
                                    (double) capstan.syncMillis() / fabric8.syncMillis(), capstan.heapMiB() / fabric8.heapMiB());
                        } else if (round == 1) {
                            System.out.printf("BENCH pods=%d capstan: sync %d ms, heap %.1f MiB | fabric8: did not sync%n",
                                    count, capstan.syncMillis(), capstan.heapMiB());
                        }
                    }
                }
            }
        }
    }

    /** One informer's figures. */
    record Measurement(long syncMillis, double heapMiB) {
    }

    private static Measurement capstan(ClientConfig config, int expected) throws Exception {
        long before = usedHeapAfterGc();
        long start = System.nanoTime();
        try (RestClient client = new RestClient(config);
             SharedInformerFactory factory = new SharedInformerFactory(client, Duration.ZERO)) {
            SharedInformer<Pod> pods = factory.informerFor(PODS, Pod.class);
            factory.start();
            if (!factory.waitForCacheSync(Duration.ofMinutes(5))) {
                throw new IllegalStateException("capstan informer did not sync");
            }
            long synced = System.nanoTime() - start;
            check(pods.lister().list().size(), expected, "capstan");
            long after = usedHeapAfterGc();
            return new Measurement(synced / 1_000_000, (after - before) / 1048576.0);
        }
    }

    private static Measurement fabric8(LocalControlPlane plane, int expected) throws Exception {
        long before = usedHeapAfterGc();
        Config config = new ConfigBuilder().withMasterUrl(plane.apiserverUrl().toString()).withRequestTimeout(300_000)
                .withHttp2Disable(true).build();
        long start = System.nanoTime();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
             var informer = client.pods().inAnyNamespace().runnableInformer(0)) {
            // start() completes once the initial list has reached the cache and the watch is open.
            try {
                informer.start().toCompletableFuture().get(FABRIC8_SYNC_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // fabric8 opens its watch as a WebSocket; an API server that answers the upgrade with a plain
                // streaming 200 leaves that handshake waiting for a body that never ends.
                System.out.println("fabric8's informer did not sync within " + FABRIC8_SYNC_TIMEOUT + "; skipping fabric8 from now on");
                return null;
            }
            long synced = System.nanoTime() - start;
            check(informer.getStore().list().size(), expected, "fabric8");
            long after = usedHeapAfterGc();
            return new Measurement(synced / 1_000_000, (after - before) / 1048576.0);
        }
    }

    private static void check(int actual, int expected, String who) {
        if (actual != expected) {
            throw new IllegalStateException(who + " cached " + actual + " pods, expected " + expected);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
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

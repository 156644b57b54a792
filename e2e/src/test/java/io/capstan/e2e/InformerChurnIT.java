package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.Backoff;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;
import io.capstan.common.informer.ResourceEventHandler;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An informer under churn against the real API server: writers create, update and delete ConfigMaps at
 * random while a {@link TcpProxy} between the informer and the API server cuts its connections every few
 * hundred milliseconds. At the end the informer's cache equals a fresh list, and each handler (one added
 * before start, one added half-way) saw every object's events in resourceVersion order, ending in the
 * object's final state.
 *
 * <p>The number of writes is {@code -Dcapstan.it.churn.operations} (default 2,000, which runs in
 * seconds on two cores; the 10,000 works too, just slower).
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class InformerChurnIT {
    private static final GroupVersionResource CONFIGMAPS = new GroupVersionResource("", "v1", "configmaps");
    private static final GroupVersionResource NAMESPACES = new GroupVersionResource("", "v1", "namespaces");
    private static final String NAMESPACE = "churn";
    private static final int WRITERS = 4;
    private static final Duration CUT_EVERY = Duration.ofMillis(400);

    /** Records one handler's events per object and any that arrive out of resourceVersion order. */
    private static final class Recorder implements ResourceEventHandler<ConfigMap> {
        final Map<String, Long> lastVersion = new ConcurrentHashMap<>();
        final Map<String, Boolean> deleted = new ConcurrentHashMap<>();
        final List<String> outOfOrder = new CopyOnWriteArrayList<>();
        final AtomicInteger events = new AtomicInteger();

        @Override
        public void onAdd(ConfigMap object) {
            record("add", object, false);
        }

        @Override
        public void onUpdate(ConfigMap oldObject, ConfigMap newObject) {
            record("update", newObject, false);
        }

        @Override
        public void onDelete(ConfigMap object) {
            record("delete", object, true);
        }

        private void record(String type, ConfigMap object, boolean delete) {
            events.incrementAndGet();
            String key = object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
            long rv = Long.parseLong(object.getMetadata().getResourceVersion());
            Long previous = lastVersion.put(key, rv);
            // Equal is allowed: a relist replays an unchanged object as an update with the same version.
            if (previous != null && rv < previous) {
                outOfOrder.add(key + ": " + type + " at " + rv + " after " + previous);
            }
            deleted.put(key, delete);
        }
    }

    @Test
    void cacheEqualsAFreshListAndHandlersSeeEveryObjectInOrderWhileWatchesAreCut(LocalControlPlane plane) throws Exception {
        int operations = Integer.getInteger("capstan.it.churn.operations", 2_000);
        int namesPerWriter = Math.max(10, operations / WRITERS / 8);
        ClientConfig direct = plane.clientConfig(plane.apiserverUrl()).withRateLimits(100_000, 100_000);
        try (RestClient writer = new RestClient(direct);
             TcpProxy proxy = new TcpProxy(plane.apiserverUrl());
             RestClient informerClient = new RestClient(direct.withServer(proxy.url(plane.apiserverUrl())));
             SharedInformerFactory factory = new SharedInformerFactory(informerClient, Duration.ZERO,
                     new Backoff(Duration.ofMillis(50), 2, Duration.ofMillis(800), 1.0))) {
            ObjectNode ns = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
            ns.putObject("metadata").put("name", NAMESPACE);
            writer.resource(NAMESPACES).create(ns);

            SharedInformer<ConfigMap> informer = factory.informerFor(CONFIGMAPS, ConfigMap.class);
            Recorder early = new Recorder();
            Recorder late = new Recorder();
            informer.addEventHandler(early);
            factory.start();
            assertTrue(factory.waitForCacheSync(Duration.ofSeconds(30)), "initial sync");

            AtomicInteger done = new AtomicInteger();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger cuts = new AtomicInteger();
            Thread cutter = Thread.ofPlatform().name("cutter").start(() -> {
                while (writing.get() || cuts.get() < 3) {
                    try {
                        Thread.sleep(CUT_EVERY);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (proxy.reset() > 0) {
                        cuts.incrementAndGet();
                    }
                }
            });
            long started = System.nanoTime();
            List<Thread> writers = new ArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int id = w;
                writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                    try {
                        churn(writer.resource(CONFIGMAPS).namespace(NAMESPACE), id, namesPerWriter, operations / WRITERS, done);
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            while (done.get() < operations / 2 && writers.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(5);
            }
            informer.addEventHandler(late);
            for (Thread t : writers) {
                t.join();
            }
            writing.set(false);
            cutter.join();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(List.of(), failures);

            Map<String, Long> expected = new TreeMap<>();
            for (JsonNode item : writer.resource(CONFIGMAPS).list(ListOptions.NONE).path("items")) {
                expected.put(item.path("metadata").path("namespace").asText() + "/" + item.path("metadata").path("name").asText(),
                        item.path("metadata").path("resourceVersion").asLong());
            }
            Map<String, Long> cached = cache(informer);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!cached.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                cached = cache(informer);
            }
            System.out.printf("informer churn: %d writes in %d ms, %d watch cuts, %d proxied connections, %d objects at the end,"
                            + " %d + %d handler events%n", done.get(), took.toMillis(), cuts.get(), proxy.accepted(),
                    expected.size(), early.events.get(), late.events.get());

            assertEquals(operations / WRITERS * WRITERS, done.get());
            assertTrue(cuts.get() >= 3, "watches were cut " + cuts.get() + " times");
            // The reconnection after the last cut may still be in its back-off: give it a bounded while.
            long reconnectDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (proxy.accepted() <= cuts.get() && System.nanoTime() < reconnectDeadline) {
                Thread.sleep(50);
            }
            assertTrue(proxy.accepted() > cuts.get(), "the informer reconnected after each cut: " + proxy.accepted()
                    + " connections for " + cuts.get() + " cuts");
            assertEquals(Map.of(), difference(expected, cached), "the cache equals a fresh list (key: [listed, cached])");
            for (Recorder r : List.of(early, late)) {
                assertEquals(List.of(), r.outOfOrder, "events in resourceVersion order");
                for (Map.Entry<String, Long> e : expected.entrySet()) {
                    assertEquals(e.getValue(), r.lastVersion.get(e.getKey()), e.getKey() + ": the handler's last event is the final state");
                    assertEquals(Boolean.FALSE, r.deleted.get(e.getKey()), e.getKey() + " exists, so its last event is no delete");
                }
                for (Map.Entry<String, Boolean> e : r.deleted.entrySet()) {
                    if (!expected.containsKey(e.getKey())) {
                        assertTrue(e.getValue(), e.getKey() + " is gone, so its last event is a delete");
                    }
                }
            }
        }
    }

    /** Random creates, updates and deletes on this writer's own names, so writers never conflict. */
    private static void churn(ResourceInterface configMaps, int writer, int names, int operations, AtomicInteger done) {
        Random random = new Random(writer);
        Map<String, ObjectNode> stored = new TreeMap<>();
        for (int i = 0; i < operations; i++) {
            String name = "cm-" + writer + "-" + random.nextInt(names);
            ObjectNode current = stored.get(name);
            if (current == null) {
                ObjectNode cm = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
                cm.putObject("metadata").put("name", name);
                cm.putObject("data").put("n", Integer.toString(i));
                stored.put(name, configMaps.create(cm));
            } else if (random.nextInt(10) < 7) {
                ((ObjectNode) current.path("data")).put("n", Integer.toString(i));
                stored.put(name, configMaps.update(current));
            } else {
                configMaps.delete(name);
                stored.remove(name);
            }
            done.incrementAndGet();
        }
    }

    /** The keys whose versions differ, with {@code [listed, cached]} (null where absent), so a failure names them. */
    private static Map<String, List<Long>> difference(Map<String, Long> listed, Map<String, Long> cached) {
        Map<String, List<Long>> diff = new TreeMap<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(listed.keySet());
        keys.addAll(cached.keySet());
        for (String key : keys) {
            if (!java.util.Objects.equals(listed.get(key), cached.get(key))) {
                diff.put(key, java.util.Arrays.asList(listed.get(key), cached.get(key)));
            }
        }
        return diff;
    }

    private static Map<String, Long> cache(SharedInformer<ConfigMap> informer) {
        Map<String, Long> cached = new TreeMap<>();
        for (ConfigMap cm : informer.lister().list()) {
            cached.put(cm.getMetadata().getNamespace() + "/" + cm.getMetadata().getName(), Long.parseLong(cm.getMetadata().getResourceVersion()));
        }
        return cached;
    }
}

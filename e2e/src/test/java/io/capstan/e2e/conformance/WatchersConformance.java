package io.capstan.e2e.conformance;

import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher.Action;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Java twins of upstream's five {@code [sig-api-machinery] Watchers} conformance tests
 * (kubernetes/kubernetes {@code test/e2e/apimachinery/watch.go}, v1.32), with upstream's assertions:
 * watch events carry objects equal to what the writes returned, label-selected watches see an object
 * leave and re-enter the selection as DELETED and ADDED, a watch resumes from any resource version
 * (the last one it saw, or an older one), and watches started at successive resource versions see
 * one order of events. The fabric8 client stands in for client-go.
 */
abstract class WatchersConformance {
    private static final String LABEL_KEY = "watch-this-configmap";
    private static final String MULTIPLE_WATCHERS_A = "multiple-watchers-A";
    private static final String MULTIPLE_WATCHERS_B = "multiple-watchers-B";
    private static final String FROM_RESOURCE_VERSION = "from-resource-version";
    private static final String WATCH_RESTARTED = "watch-closed-and-restarted";
    private static final String TO_BE_CHANGED = "label-changed-and-restored";

    /** Upstream's {@code watchConfigMaps}: a watch on the namespace's configmaps whose label is one of {@code values}. */
    private static EventChannel<ConfigMap> watchConfigMaps(Framework f, String resourceVersion, String... values) {
        ListOptions options = new ListOptionsBuilder().withResourceVersion(resourceVersion.isEmpty() ? null : resourceVersion)
                .withLabelSelector(LABEL_KEY + " in (" + String.join(",", values) + ")").build();
        return EventChannel.open(w -> f.client().configMaps().inNamespace(f.namespace()).watch(options, w));
    }

    private static ConfigMap labelled(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).addToLabels(LABEL_KEY, value).endMetadata().build();
    }

    private static ConfigMap setData(ConfigMap cm, String key, String value) {
        Map<String, String> data = cm.getData() == null ? new HashMap<>() : new HashMap<>(cm.getData());
        data.put(key, value);
        cm.setData(data);
        return cm;
    }

    private static ConfigMap create(Framework f, ConfigMap cm) {
        return f.client().configMaps().inNamespace(f.namespace()).resource(cm).create();
    }

    private static void delete(Framework f, String name) {
        f.client().configMaps().inNamespace(f.namespace()).withName(name).delete();
    }

    @Test
    @DisplayName("[sig-api-machinery] Watchers should observe add, update, and delete watch notifications on configmaps [Conformance]")
    void observesAddUpdateDeleteOnConfigMaps(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "watch");
             EventChannel<ConfigMap> watchA = watchConfigMaps(f, "", MULTIPLE_WATCHERS_A);
             EventChannel<ConfigMap> watchB = watchConfigMaps(f, "", MULTIPLE_WATCHERS_B);
             EventChannel<ConfigMap> watchAB = watchConfigMaps(f, "", MULTIPLE_WATCHERS_A, MULTIPLE_WATCHERS_B)) {
            // creating a configmap with label A and ensuring the correct watchers observe the notification
            ConfigMap a = create(f, labelled("e2e-watch-test-configmap-a", MULTIPLE_WATCHERS_A));
            observedOnlyBy(Action.ADDED, a, watchB, watchA, watchAB);

            // modifying configmap A (twice) and ensuring the correct watchers observe the notification
            for (String mutation : List.of("1", "2")) {
                a = f.updateConfigMap(a.getMetadata().getName(), cm -> setData(cm, "mutation", mutation));
                observedOnlyBy(Action.MODIFIED, a, watchB, watchA, watchAB);
            }

            // deleting configmap A and ensuring the correct watchers observe the notification
            delete(f, a.getMetadata().getName());
            observedOnlyBy(Action.DELETED, null, watchB, watchA, watchAB);

            // creating a configmap with label B and ensuring the correct watchers observe the notification
            ConfigMap b = create(f, labelled("e2e-watch-test-configmap-b", MULTIPLE_WATCHERS_B));
            observedOnlyBy(Action.ADDED, b, watchA, watchB, watchAB);

            // deleting configmap B and ensuring the correct watchers observe the notification
            delete(f, b.getMetadata().getName());
            observedOnlyBy(Action.DELETED, null, watchA, watchB, watchAB);
        }
    }

    /** Upstream's pattern: {@code expectEvent} on both watchers that match, then {@code expectNoEvent} on the one that does not. */
    private static void observedOnlyBy(Action type, ConfigMap object, EventChannel<ConfigMap> notMatching,
                                       EventChannel<ConfigMap> matching, EventChannel<ConfigMap> matchingBoth) throws InterruptedException {
        matching.expectEvent(type, object);
        matchingBoth.expectEvent(type, object);
        notMatching.expectNoEvent(type, object);
    }

    @Test
    @DisplayName("[sig-api-machinery] Watchers should be able to start watching from a specific resource version [Conformance]")
    void startsWatchingFromASpecificResourceVersion(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "watch")) {
            ConfigMap cm = create(f, labelled("e2e-watch-test-resource-version", FROM_RESOURCE_VERSION));
            String name = cm.getMetadata().getName();
            ConfigMap firstUpdate = f.updateConfigMap(name, c -> setData(c, "mutation", "1"));
            ConfigMap secondUpdate = f.updateConfigMap(name, c -> setData(c, "mutation", "2"));
            delete(f, name);

            // a watch from the resource version returned by the first update sees every later change
            try (EventChannel<ConfigMap> watch = watchConfigMaps(f, firstUpdate.getMetadata().getResourceVersion(), FROM_RESOURCE_VERSION)) {
                watch.expectEvent(Action.MODIFIED, secondUpdate);
                watch.expectEvent(Action.DELETED, null);
            }
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Watchers should be able to restart watching from the last resource version observed by the previous watch [Conformance]")
    void restartsWatchingFromTheLastObservedResourceVersion(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "watch")) {
            String name = "e2e-watch-test-watch-closed";
            ConfigMap cm;
            EventChannel.Event<ConfigMap> lastEvent;
            try (EventChannel<ConfigMap> broken = watchConfigMaps(f, "", WATCH_RESTARTED)) {
                cm = create(f, labelled(name, WATCH_RESTARTED));
                f.updateConfigMap(name, c -> setData(c, "mutation", "1"));
                // closing the watch once it receives two notifications
                broken.expectEvent(Action.ADDED, cm);
                lastEvent = broken.waitForEvent(Action.MODIFIED, null, Duration.ofMinutes(1));
                if (lastEvent == null) {
                    throw new AssertionError("Timed out waiting for second watch notification");
                }
            }

            // modifying the configmap a second time, while the watch is closed
            ConfigMap secondUpdate = f.updateConfigMap(name, c -> setData(c, "mutation", "2"));

            // a new watch from the last resource version observed by the first one sees the changes since
            assertNotNull(lastEvent.object(), "Expected last notification to refer to a configmap");
            try (EventChannel<ConfigMap> restarted = watchConfigMaps(f, lastEvent.object().getMetadata().getResourceVersion(), WATCH_RESTARTED)) {
                delete(f, cm.getMetadata().getName());
                restarted.expectEvent(Action.MODIFIED, secondUpdate);
                restarted.expectEvent(Action.DELETED, null);
            }
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Watchers should observe an object deletion if it stops meeting the requirements of the selector [Conformance]")
    void observesDeletionWhenAnObjectLeavesTheSelector(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "watch");
             EventChannel<ConfigMap> watch = watchConfigMaps(f, "", TO_BE_CHANGED)) {
            String name = "e2e-watch-test-label-changed";
            ConfigMap cm = create(f, labelled(name, TO_BE_CHANGED));
            ConfigMap firstUpdate = f.updateConfigMap(name, c -> setData(c, "mutation", "1"));
            f.updateConfigMap(name, c -> {
                c.getMetadata().getLabels().put(LABEL_KEY, "wrong-value");
                return c;
            });

            // a delete notification for the watched object
            watch.expectEvent(Action.ADDED, cm);
            watch.expectEvent(Action.MODIFIED, firstUpdate);
            watch.expectEvent(Action.DELETED, null);

            // no notification while the object does not meet the selector's requirements
            ConfigMap secondUpdate = f.updateConfigMap(name, c -> setData(c, "mutation", "2"));
            watch.expectNoEvent(Action.MODIFIED, secondUpdate);

            // changing the label value back, a third update, and a delete
            ConfigMap restored = f.updateConfigMap(name, c -> {
                c.getMetadata().getLabels().put(LABEL_KEY, TO_BE_CHANGED);
                return c;
            });
            ConfigMap thirdUpdate = f.updateConfigMap(name, c -> setData(c, "mutation", "3"));
            delete(f, name);

            // an add notification when the label value was restored, then the rest
            watch.expectEvent(Action.ADDED, restored);
            watch.expectEvent(Action.MODIFIED, thirdUpdate);
            watch.expectEvent(Action.DELETED, null);
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Watchers should receive events on concurrent watches in same order [Conformance]")
    void concurrentWatchesReceiveEventsInTheSameOrder(LocalControlPlane plane) throws Exception {
        int iterations = 100;
        try (Framework f = Framework.create(plane, "watch")) {
            KubernetesClient c = f.client();
            String ns = f.namespace();
            // getting a starting resourceVersion
            String resourceVersion = c.configMaps().inNamespace(ns).list().getMetadata().getResourceVersion();

            // a background thread produces watch events
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().name("produce-configmap-events").start(() -> {
                try {
                    produceConfigMapEvents(f, stop, Duration.ofMillis(5));
                } catch (Throwable t) {
                    producerFailure.set(t);
                }
            });

            // watches starting from each resource version of the events produced all see one order
            List<EventChannel<ConfigMap>> watches = new ArrayList<>();
            try {
                for (int i = 0; i < iterations; i++) {
                    String from = resourceVersion;
                    ListOptions options = new ListOptionsBuilder().withResourceVersion(from).withAllowWatchBookmarks(true).build();
                    watches.add(EventChannel.open(w -> c.configMaps().inNamespace(ns).watch(options, w)));
                    resourceVersion = watches.get(0).next().getMetadata().getResourceVersion();
                    for (EventChannel<ConfigMap> wc : watches.subList(1, watches.size())) {
                        String got = wc.next().getMetadata().getResourceVersion();
                        assertEquals(resourceVersion, got, "resource version mismatch, expected " + resourceVersion + " but got " + got);
                    }
                    if (producerFailure.get() != null) {
                        throw new AssertionError("producing configmap events failed", producerFailure.get());
                    }
                }
            } finally {
                stop.set(true);
                watches.forEach(EventChannel::close);
                producer.join(Duration.ofSeconds(30));
            }
            if (producerFailure.get() != null) {
                throw new AssertionError("producing configmap events failed", producerFailure.get());
            }
        }
    }

    /**
     * Upstream's {@code produceConfigMapEvents}: every {@code minWait}, creates a configmap, or updates
     * or deletes a random existing one; the update is unconditional (an object with only a name).
     */
    private static void produceConfigMapEvents(Framework f, AtomicBoolean stop, Duration minWait) throws InterruptedException {
        KubernetesClient c = f.client();
        String ns = f.namespace();
        List<Integer> existing = new ArrayList<>();
        int i = 0;
        while (!stop.get()) {
            Thread.sleep(minWait);
            int op = existing.isEmpty() ? 0 : ThreadLocalRandom.current().nextInt(3);
            switch (op) {
                case 0 -> {
                    c.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + i).endMetadata().build()).create();
                    existing.add(i);
                    i++;
                }
                case 1 -> {
                    int idx = ThreadLocalRandom.current().nextInt(existing.size());
                    c.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cm-" + existing.get(idx)).endMetadata().build()).update();
                }
                default -> {
                    int idx = ThreadLocalRandom.current().nextInt(existing.size());
                    c.configMaps().inNamespace(ns).withName("cm-" + existing.get(idx)).delete();
                    existing.remove(idx);
                }
            }
        }
    }
}

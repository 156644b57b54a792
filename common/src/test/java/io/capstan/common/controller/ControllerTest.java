package io.capstan.common.controller;

import io.capstan.common.testing.ManualInformer;
import io.capstan.common.workqueue.FakeClock;
import io.capstan.common.workqueue.ItemExponentialFailureRateLimiter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ControllerTest {

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void failuresAreRetriedWithBackoffUntilTheReconcilerSucceeds() throws Exception {
        ManualInformer<Namespace> namespaces = new ManualInformer<>(Namespace.class);
        AtomicInteger calls = new AtomicInteger();
        try (Controller c = Controller.builder("test").forResource(namespaces).workers(2)
                .rateLimiter(new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(1), Duration.ofMillis(10)))
                .build(req -> {
                    if (calls.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet");
                    }
                    return Result.done();
                })) {
            c.start();
            namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build());
            await(() -> calls.get() == 3, "third attempt");
            await(() -> c.queue().numRequeues(Request.of("team")) == 0, "success forgets the failures");
        }
    }

    @Test
    void requeueAfterComesBackWhenTheClockSaysSo() throws Exception {
        FakeClock clock = new FakeClock();
        ManualInformer<Namespace> namespaces = new ManualInformer<>(Namespace.class);
        List<Request> seen = new CopyOnWriteArrayList<>();
        try (Controller c = Controller.builder("timed").forResource(namespaces).clock(clock).build(req -> {
            seen.add(req);
            return seen.size() == 1 ? Result.requeueAfter(Duration.ofMinutes(1)) : Result.done();
        })) {
            c.start();
            namespaces.add(new NamespaceBuilder().withNewMetadata().withName("team").endMetadata().build());
            await(() -> seen.size() == 1, "first reconcile");
            Thread.sleep(50);
            assertEquals(1, seen.size(), "not before the minute passed");
            clock.advance(Duration.ofMinutes(1));
            await(() -> seen.size() == 2, "reconcile after the delay");
        }
    }

    @Test
    void ownsQueuesTheControllingOwnerAndWatchesUsesTheMapper() throws Exception {
        ManualInformer<Namespace> namespaces = new ManualInformer<>(Namespace.class);
        ManualInformer<ConfigMap> configMaps = new ManualInformer<>(ConfigMap.class);
        ManualInformer<ConfigMap> mapped = new ManualInformer<>(ConfigMap.class);
        List<Request> seen = new CopyOnWriteArrayList<>();
        try (Controller c = Controller.builder("owner").forResource(namespaces).owns(configMaps)
                .watches(mapped, cm -> List.of(Request.of("from-" + cm.getMetadata().getName())))
                .build(req -> {
                    seen.add(req);
                    return Result.done();
                })) {
            c.start();
            configMaps.add(new ConfigMapBuilder().withNewMetadata().withName("cm").withNamespace("team")
                    .addNewOwnerReference().withApiVersion("v1").withKind("Namespace").withName("team").withController(true).endOwnerReference()
                    .addNewOwnerReference().withApiVersion("v1").withKind("Namespace").withName("not-controller").endOwnerReference()
                    .endMetadata().build());
            mapped.add(new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("a").endMetadata().build());
            await(() -> seen.size() == 2, "two requests");
            assertEquals(List.of(Request.of("from-x"), Request.of("team")),
                    seen.stream().sorted(java.util.Comparator.comparing(Request::toString)).toList());
        }
    }

    @Test
    void resultAndBuilderRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Result.requeueAfter(Duration.ZERO));
        assertEquals("requeueAfter(PT1S)", Result.requeueAfter(Duration.ofSeconds(1)).toString());
        assertThrows(IllegalStateException.class, () -> Controller.builder("x").build(r -> Result.done()));
        assertThrows(IllegalStateException.class, () -> Controller.builder("x").owns(new ManualInformer<>(ConfigMap.class)));
        assertThrows(IllegalArgumentException.class, () -> Controller.builder("x").workers(0));
        assertEquals("ns/n", new Request("ns", "n").toString());
    }
}

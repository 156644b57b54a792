package io.capstan.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.RestClient;
import io.capstan.common.leaderelection.LeaderCallbacks;
import io.capstan.common.leaderelection.LeaderElectionConfig;
import io.capstan.common.leaderelection.LeaderElectionRecord;
import io.capstan.common.leaderelection.LeaderElector;
import io.capstan.common.leaderelection.LeaseLock;
import io.capstan.common.leaderelection.ResourceLock;
import io.capstan.common.workqueue.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two {@link LeaderElector} contenders for one Lease on the real API server: a killed leader is replaced
 * within the lease duration plus the contenders' polling, a leader cut off from the API server stops
 * acting before its successor starts, a clean stop hands over at once, and at no sampled instant do
 * both act as leader. The controller manager and the scheduler hold their own Leases.
 *
 * <p>Timings are shorter than upstream's (6 s / 4 s / 1 s instead of 15 s / 10 s / 2 s) so the class
 * runs in about half a minute; the invariants are the same.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class LeaderElectionIT {
    private static final LeaderElectionConfig TIMINGS =
            new LeaderElectionConfig(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1), true, "it");
    /** The longest a waiting contender may need after the leader's last renewal: it first sees that renewal
     * up to one jittered retry period late, then waits the lease duration, then polls once more. */
    private static final Duration HANDOVER_BOUND = TIMINGS.leaseDuration()
            .plus(TIMINGS.retryPeriod().multipliedBy(2).multipliedBy(22).dividedBy(10)).plusSeconds(1);

    private final AtomicInteger acting = new AtomicInteger();
    private final AtomicInteger maxActing = new AtomicInteger();
    private final List<Contender> contenders = new ArrayList<>();
    private Thread sampler;
    private RestClient client;

    /** One contender: an elector on its own lock, which the test can cut off from the API server. */
    private final class Contender implements LeaderCallbacks {
        final String identity;
        final AtomicBoolean cutOff = new AtomicBoolean();
        final AtomicBoolean retired = new AtomicBoolean();
        final AtomicBoolean leading = new AtomicBoolean();
        final AtomicLong startedAt = new AtomicLong();
        final AtomicLong stoppedAt = new AtomicLong();
        final CountDownLatch started = new CountDownLatch(1);
        final LeaderElector elector;
        final Thread thread;

        Contender(String identity, String lease) {
            this.identity = identity;
            ResourceLock real = new LeaseLock(client, "kube-system", lease, identity);
            ResourceLock lock = new ResourceLock() {
                @Override
                public LeaderElectionRecord get() {
                    check();
                    return real.get();
                }

                @Override
                public void create(LeaderElectionRecord record) {
                    check();
                    real.create(record);
                }

                @Override
                public void update(LeaderElectionRecord record) {
                    check();
                    real.update(record);
                }

                @Override
                public String identity() {
                    return real.identity();
                }

                @Override
                public String describe() {
                    return real.describe();
                }

                private void check() {
                    if (cutOff.get()) {
                        throw new java.io.UncheckedIOException(new java.net.ConnectException("cut off by the test"));
                    }
                }
            };
            elector = new LeaderElector(TIMINGS, lock, this, Clock.system());
            thread = Thread.ofPlatform().name("contender-" + identity).daemon().start(() -> {
                while (!retired.get() && !cutOff.get()) {
                    elector.run();
                }
            });
        }

        @Override
        public void onStartedLeading() {
            startedAt.set(System.nanoTime());
            leading.set(true);
            maxActing.accumulateAndGet(acting.incrementAndGet(), Math::max);
            started.countDown();
        }

        @Override
        public void onStoppedLeading() {
            if (leading.getAndSet(false)) {
                stoppedAt.set(System.nanoTime());
                acting.decrementAndGet();
            }
        }

        /** A clean shutdown: stop acting, release the lease, campaign no more. */
        void stopCleanly() throws InterruptedException {
            retired.set(true);
            elector.stop();
            thread.join(10_000);
        }

        /** The process dies: no release, no more requests, and it acts no more. */
        void kill() {
            cutOff.set(true);
            onStoppedLeading();
        }
    }

    @BeforeEach
    void setUp(LocalControlPlane plane) {
        client = new RestClient(plane.clientConfig(plane.apiserverUrl()).withRequestTimeout(TIMINGS.renewDeadline()));
        sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxActing.accumulateAndGet(acting.get(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Contender c : contenders) {
            c.retired.set(true);
            c.elector.stop();
        }
        for (Contender c : contenders) {
            c.thread.join(10_000);
        }
        sampler.interrupt();
        client.close();
    }

    private Contender contender(String identity, String lease) {
        Contender c = new Contender(identity, lease);
        contenders.add(c);
        return c;
    }

    /** Waits until one of {@code cs} leads and returns it. */
    private static Contender leaderAmong(Duration timeout, Contender... cs) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Contender c : cs) {
                if (c.leading.get()) {
                    return c;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no leader within " + timeout);
    }

    @Test
    void killedLeaderIsReplacedWithinTheLeaseDurationAndNeverTwoLead() throws Exception {
        Contender a = contender("host-a_" + java.util.UUID.randomUUID(), "it-killed");
        Contender b = contender("host-b_" + java.util.UUID.randomUUID(), "it-killed");
        Contender first = leaderAmong(Duration.ofSeconds(10), a, b);
        Contender second = first == a ? b : a;
        Thread.sleep(TIMINGS.retryPeriod().toMillis() * 2); // let a renewal or two happen
        assertFalse(second.leading.get());

        long killed = System.nanoTime();
        first.kill();
        assertTrue(second.started.await(HANDOVER_BOUND.toMillis() + 2000, TimeUnit.MILLISECONDS), "no handover");
        Duration handover = Duration.ofNanos(second.startedAt.get() - killed);
        System.out.println("leader election: handover after a kill took " + handover.toMillis() + " ms (lease "
                + TIMINGS.leaseDuration().toMillis() + " ms, retry " + TIMINGS.retryPeriod().toMillis() + " ms)");

        assertTrue(handover.compareTo(HANDOVER_BOUND) <= 0, "handover took " + handover);
        assertTrue(handover.compareTo(TIMINGS.leaseDuration().minus(TIMINGS.retryPeriod())) >= 0,
                "the successor waited for the lease to expire: " + handover);
        assertEquals(1, maxActing.get(), "never two leaders at once");
        ObjectNode lease = (ObjectNode) client.resource(LeaseLock.LEASES).namespace("kube-system").get("it-killed").path("spec");
        assertEquals(second.identity, lease.path("holderIdentity").asText());
        assertEquals(1, lease.path("leaseTransitions").asInt(), "created by the first, taken over once");
        assertEquals(6, lease.path("leaseDurationSeconds").asInt());
        assertTrue(lease.path("renewTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), lease.toString());
        assertTrue(lease.path("acquireTime").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), lease.toString());
    }

    @Test
    void leaderCutOffFromTheApiServerStopsActingBeforeItsSuccessorStarts() throws Exception {
        Contender a = contender("host-a_" + java.util.UUID.randomUUID(), "it-partitioned");
        Contender b = contender("host-b_" + java.util.UUID.randomUUID(), "it-partitioned");
        Contender first = leaderAmong(Duration.ofSeconds(10), a, b);
        Contender second = first == a ? b : a;

        first.cutOff.set(true); // still running and acting, but its renewals fail
        assertTrue(second.started.await(HANDOVER_BOUND.toMillis() + 2000, TimeUnit.MILLISECONDS), "no handover");

        assertNotEquals(0, first.stoppedAt.get(), "the cut-off leader stopped acting on its own");
        assertTrue(first.stoppedAt.get() < second.startedAt.get(), "it stopped before the successor started");
        assertEquals(1, maxActing.get(), "never two leaders at once");
    }

    @Test
    void cleanStopReleasesTheLeaseSoTheOtherTakesOverWithinARetryPeriod() throws Exception {
        Contender a = contender("host-a_" + java.util.UUID.randomUUID(), "it-released");
        Contender b = contender("host-b_" + java.util.UUID.randomUUID(), "it-released");
        Contender first = leaderAmong(Duration.ofSeconds(10), a, b);
        Contender second = first == a ? b : a;

        long stopped = System.nanoTime();
        first.stopCleanly();
        assertTrue(second.started.await(10, TimeUnit.SECONDS), "no handover");
        Duration handover = Duration.ofNanos(second.startedAt.get() - stopped);
        System.out.println("leader election: handover after a release took " + handover.toMillis() + " ms");

        // A released lease has a one-second duration, then the next jittered poll takes it.
        assertTrue(handover.compareTo(Duration.ofSeconds(1).plus(TIMINGS.retryPeriod().multipliedBy(22).dividedBy(10)).plusMillis(500)) <= 0,
                "handover after release took " + handover);
        assertEquals(1, maxActing.get());
    }

    @Test
    void controllerManagerAndSchedulerHoldTheirUpstreamLeases() throws Exception {
        for (String name : List.of("kube-controller-manager", "kube-scheduler")) {
            ObjectNode spec = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    spec = (ObjectNode) client.resource(LeaseLock.LEASES).namespace("kube-system").get(name).path("spec");
                    if (!spec.path("holderIdentity").asText().isEmpty()) {
                        break;
                    }
                } catch (io.capstan.common.api.StatusException e) {
                    if (!e.isNotFound()) {
                        throw e;
                    }
                }
                Thread.sleep(200);
            }
            assertTrue(spec != null && spec.path("holderIdentity").asText().matches(".+_[0-9a-f-]{36}"), name + ": " + spec);
            assertEquals(15, spec.path("leaseDurationSeconds").asInt(), name + ": upstream's default lease duration");
        }
    }
}

package io.capstan.common.leaderelection;

import io.capstan.common.workqueue.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaderElectorTest {
    private static final LeaderElectionConfig CONFIG = LeaderElectionConfig.defaults("test");

    /** One stored record with a version, as the API server keeps a Lease with its resourceVersion. */
    static final class Store {
        LeaderElectionRecord record;
        long version;
        final AtomicBoolean failing = new AtomicBoolean();

        /** A lock on this store for one candidate. */
        ResourceLock lock(String identity) {
            return new ResourceLock() {
                private long seen = -1;

                @Override
                public LeaderElectionRecord get() {
                    synchronized (Store.this) {
                        fail();
                        seen = version;
                        return record;
                    }
                }

                @Override
                public void create(LeaderElectionRecord r) {
                    synchronized (Store.this) {
                        fail();
                        if (record != null) {
                            throw new IllegalStateException("AlreadyExists");
                        }
                        record = r;
                        seen = ++version;
                    }
                }

                @Override
                public void update(LeaderElectionRecord r) {
                    synchronized (Store.this) {
                        fail();
                        if (seen != version) {
                            throw new IllegalStateException("Conflict: seen " + seen + ", stored " + version);
                        }
                        record = r;
                        seen = ++version;
                    }
                }

                @Override
                public String identity() {
                    return identity;
                }

                @Override
                public String describe() {
                    return "kube-system/test";
                }
            };
        }

        private void fail() {
            if (failing.get()) {
                throw new IllegalStateException("connection refused");
            }
        }
    }

    /** Records callbacks in order. */
    static class Events implements LeaderCallbacks {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public void onStartedLeading() {
            seen.add("started");
            started.countDown();
        }

        @Override
        public void onStoppedLeading() {
            seen.add("stopped");
        }

        @Override
        public void onNewLeader(String identity) {
            seen.add("leader " + identity);
        }
    }

    @Test
    void firstCandidateCreatesTheLeaseWithItsIdentityAndTimes() {
        FakeClock clock = new FakeClock();
        Store store = new Store();
        LeaderElector a = new LeaderElector(CONFIG, store.lock("a"), new Events(), clock);

        assertTrue(a.tryAcquireOrRenew());

        assertTrue(a.isLeader());
        assertEquals(new LeaderElectionRecord("a", 15, clock.now(), clock.now(), 0), store.record);
    }

    @Test
    void aSecondCandidateWaitsTheLeaseDurationAfterTheLastObservedChangeThenTakesOver() {
        FakeClock clock = new FakeClock();
        Store store = new Store();
        LeaderElector a = new LeaderElector(CONFIG, store.lock("a"), new Events(), clock);
        LeaderElector b = new LeaderElector(CONFIG, store.lock("b"), new Events(), clock);
        assertTrue(a.tryAcquireOrRenew());
        var acquired = clock.now();

        assertFalse(b.tryAcquireOrRenew(), "a's lease is fresh");
        assertEquals("a", b.getLeader());
        clock.advance(Duration.ofSeconds(14));
        assertFalse(b.tryAcquireOrRenew(), "14 s after b first saw the record, it is still valid");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(b.tryAcquireOrRenew(), "15 s without change: expired");

        assertEquals("b", store.record.holderIdentity());
        assertEquals(1, store.record.leaseTransitions());
        assertEquals(clock.now(), store.record.acquireTime());
        assertTrue(clock.now().isAfter(acquired));
    }

    @Test
    void renewingKeepsAcquireTimeAndTransitionsAndResetsTheOthersWait() {
        FakeClock clock = new FakeClock();
        Store store = new Store();
        LeaderElector a = new LeaderElector(CONFIG, store.lock("a"), new Events(), clock);
        LeaderElector b = new LeaderElector(CONFIG, store.lock("b"), new Events(), clock);
        assertTrue(a.tryAcquireOrRenew());
        var acquired = clock.now();
        assertFalse(b.tryAcquireOrRenew());

        clock.advance(Duration.ofSeconds(10));
        assertTrue(a.tryAcquireOrRenew());
        assertEquals(acquired, store.record.acquireTime());
        assertEquals(clock.now(), store.record.renewTime());
        assertEquals(0, store.record.leaseTransitions());

        clock.advance(Duration.ofSeconds(10));
        assertFalse(b.tryAcquireOrRenew(), "b saw the renewal now, so it waits 15 s from here");
        clock.advance(Duration.ofSeconds(14));
        assertFalse(b.tryAcquireOrRenew());
    }

    @Test
    void twoCandidatesRacingForAnExpiredLeaseCannotBothWin() {
        FakeClock clock = new FakeClock();
        Store store = new Store();
        store.record = new LeaderElectionRecord("gone", 15, clock.now(), clock.now(), 3);
        store.version = 7;
        ResourceLock lockB = store.lock("b");
        LeaderElector a = new LeaderElector(CONFIG, store.lock("a"), new Events(), clock);
        LeaderElector b = new LeaderElector(CONFIG, lockB, new Events(), clock);
        assertFalse(a.tryAcquireOrRenew());
        assertFalse(b.tryAcquireOrRenew());
        clock.advance(Duration.ofSeconds(16));

        // b has read the expired record; a writes first, so b's write carries a stale version.
        lockB.get();
        assertTrue(a.tryAcquireOrRenew());
        assertThrows(IllegalStateException.class, () -> lockB.update(new LeaderElectionRecord("b", 15, clock.now(), clock.now(), 4)));
        assertFalse(b.tryAcquireOrRenew(), "b now reads a's fresh record");
        assertEquals("a", store.record.holderIdentity());
        assertEquals(4, store.record.leaseTransitions());
    }

    @Test
    void aLeaderThatCannotRenewStopsWithinTheRenewDeadlineBeforeTheLeaseExpires() {
        FakeClock clock = new FakeClock();
        Store store = new Store();
        Events events = new Events();
        AtomicLong stoppedAt = new AtomicLong();
        LeaderElector a = new LeaderElector(CONFIG, store.lock("a"), new LeaderCallbacks() {
            private int sleeps;

            @Override
            public void onStartedLeading() {
                events.onStartedLeading();
                // The API server goes away a few retry periods after the leader took over; every
                // request fails from then on.
                clock.onAdvance(() -> {
                    if (++sleeps > 3) {
                        store.failing.set(true);
                    }
                });
            }

            @Override
            public void onStoppedLeading() {
                stoppedAt.set(clock.nanoTime());
                events.onStoppedLeading();
            }
        }, clock);

        a.run();

        assertEquals(List.of("started", "stopped"), events.seen);
        long lastRenewal = clock.nanoTime() - Duration.between(store.record.renewTime(), clock.now()).toNanos();
        long stoppedAfter = stoppedAt.get() - lastRenewal;
        assertTrue(stoppedAfter >= CONFIG.renewDeadline().toNanos(), "kept trying for the whole renew deadline: " + stoppedAfter);
        assertTrue(stoppedAfter < CONFIG.leaseDuration().toNanos(), "stopped before another may take over: " + stoppedAfter);
    }

    @Test
    void stoppingALeaderStopsItsWorkThenReleasesTheLease() throws Exception {
        FakeClock clock = new FakeClock();
        Store store = new Store();
        List<String> order = new CopyOnWriteArrayList<>();
        Events events = new Events() {
            @Override
            public void onStoppedLeading() {
                order.add("stopped while holder=" + store.record.holderIdentity());
                super.onStoppedLeading();
            }
        };
        LeaderElector a = new LeaderElector(CONFIG, store.lock("a"), events, clock);
        Thread runner = Thread.ofPlatform().start(a::run);
        assertTrue(events.started.await(10, TimeUnit.SECONDS));

        a.stop();
        runner.join(10_000);

        assertFalse(runner.isAlive());
        assertEquals(List.of("stopped while holder=a"), order);
        assertEquals("", store.record.holderIdentity());
        assertEquals(1, store.record.leaseDurationSeconds());
        assertEquals(List.of("leader a", "started", "stopped"), events.seen);

        LeaderElector b = new LeaderElector(CONFIG, store.lock("b"), new Events(), clock);
        assertTrue(b.tryAcquireOrRenew(), "a released lease is free at once");
        assertEquals(1, store.record.leaseTransitions());
    }

    @Test
    void healthCheckFailsOnlyForALeaderThatHasNotRenewedPastTheTolerance() {
        FakeClock clock = new FakeClock();
        Store store = new Store();
        LeaderElector a = new LeaderElector(CONFIG, store.lock("a"), new Events(), clock);
        LeaderElector b = new LeaderElector(CONFIG, store.lock("b"), new Events(), clock);
        assertTrue(a.tryAcquireOrRenew());
        assertFalse(b.tryAcquireOrRenew());

        clock.advance(Duration.ofSeconds(35));
        assertNull(a.check(Duration.ofSeconds(20)), "exactly lease duration + tolerance is still healthy");
        assertNull(b.check(Duration.ofSeconds(20)), "a candidate that does not lead is healthy");
        clock.advance(Duration.ofMillis(1));
        assertNotNull(a.check(Duration.ofSeconds(20)));
    }

    @Test
    void configRejectsTimingsThatCouldLetTwoLeadersOverlap() {
        assertThrows(IllegalArgumentException.class,
                () -> new LeaderElectionConfig(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2), true, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new LeaderElectionConfig(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2), true, "x"));
        assertEquals(Duration.ofSeconds(15), CONFIG.leaseDuration());
        assertEquals(Duration.ofSeconds(10), CONFIG.renewDeadline());
        assertEquals(Duration.ofSeconds(2), CONFIG.retryPeriod());
    }

    @Test
    void leaseSpecUsesMicroTimeAndUpstreamFieldNames() {
        var at = java.time.Instant.parse("2006-01-02T15:04:05.123456789Z");
        var spec = LeaseLock.toSpec(new LeaderElectionRecord("host_1", 15, at, at, 2));
        assertEquals("{\"holderIdentity\":\"host_1\",\"leaseDurationSeconds\":15,\"acquireTime\":\"2006-01-02T15:04:05.123456Z\","
                + "\"renewTime\":\"2006-01-02T15:04:05.123456Z\",\"leaseTransitions\":2}", spec.toString());
        assertEquals(new LeaderElectionRecord("host_1", 15, java.time.Instant.parse("2006-01-02T15:04:05.123456Z"),
                java.time.Instant.parse("2006-01-02T15:04:05.123456Z"), 2), LeaseLock.toRecord(spec));
    }
}

package io.capstan.apiserver.audit;

import io.capstan.apiserver.authentication.UserInfo;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batch mode: requests never wait for the writer; a full buffer drops events; close drains the buffer. */
class BufferedBackendTest {

    /** A delegate that blocks until released, recording what it writes. */
    static final class SlowBackend implements Backend {
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> written = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public boolean processEvent(Event event) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(event.toJson().get("auditID").asText() + "/" + event.stage().value());
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static Event event(String id) {
        return new Event(Level.METADATA, id, "/api", "get", UserInfo.ANONYMOUS, List.of(), "", null, Instant.EPOCH);
    }

    @Test
    void dropsWhenFullNeverBlocksAndDrainsOnClose() {
        SlowBackend slow = new SlowBackend();
        BufferedBackend b = new BufferedBackend(slow, 3);
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            assertTrue(b.processEvent(event("e" + i)), "a dropped event does not fail the request");
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "processEvent does not wait for the writer");
        // One event is with the writer, three wait in the buffer, the rest are dropped.
        assertTrue(b.dropped() >= 6 && b.dropped() <= 7, "dropped " + b.dropped());
        slow.release.countDown();
        b.close();
        assertTrue(slow.closed);
        assertEquals(10 - b.dropped(), slow.written.size());
        assertEquals("e0/RequestReceived", slow.written.get(0));
    }

    @Test
    void writesACopyTakenAtTheStage() {
        SlowBackend slow = new SlowBackend();
        BufferedBackend b = new BufferedBackend(slow, 10);
        Event e = event("x");
        b.processEvent(e);
        e.stage(Stage.RESPONSE_COMPLETE, Instant.EPOCH.plusSeconds(1));
        b.processEvent(e);
        slow.release.countDown();
        b.close();
        assertEquals(List.of("x/RequestReceived", "x/ResponseComplete"), slow.written);
    }
}

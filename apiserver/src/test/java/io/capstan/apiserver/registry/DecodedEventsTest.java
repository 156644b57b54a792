package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** One decoding per stored value and revision, one serialization per format. */
class DecodedEventsTest {
    private static final byte[] VALUE = "{\"metadata\":{\"name\":\"a\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSameValueAtTheSameRevisionIsDecodedOnce() {
        DecodedEvents events = new DecodedEvents();
        AtomicInteger decodings = new AtomicInteger();
        KeyValue kv = new KeyValue("/registry/configmaps/t/a", VALUE, 5, 5);
        CachingObject first = events.get(kv, 5, () -> decodings.incrementAndGet() > 0 ? Json.object(VALUE) : null);
        CachingObject again = events.get(kv, 5, () -> decodings.incrementAndGet() > 0 ? Json.object(VALUE) : null);
        assertSame(first, again);
        assertSame(first.object(), again.object());
        assertEquals(1, decodings.get());

        // Equal content in another stored value (a storage watch of its own) or another revision is not shared.
        KeyValue copy = new KeyValue("/registry/configmaps/t/a", VALUE.clone(), 5, 5);
        assertNotSame(first, events.get(copy, 5, () -> Json.object(VALUE)));
        assertNotSame(events.get(copy, 5, () -> Json.object(VALUE)), events.get(copy, 6, () -> Json.object(VALUE)));
        // A later revision in the same slot replaces the entry: a miss decodes again, never a wrong object.
        long sameSlot = 5 + DecodedEvents.SIZE;
        KeyValue later = new KeyValue("/registry/configmaps/t/b", VALUE.clone(), sameSlot, sameSlot);
        CachingObject other = events.get(later, sameSlot, () -> Json.object(VALUE));
        assertNotSame(first, other);
        assertNotSame(first, events.get(kv, 5, () -> Json.object(VALUE)));
    }

    @Test
    void largeValuesAreDecodedByEachWatch() {
        DecodedEvents events = new DecodedEvents();
        byte[] large = ("{\"metadata\":{\"name\":\"a\"},\"data\":{\"d\":\"" + "x".repeat(DecodedEvents.MAX_VALUE_BYTES) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        KeyValue kv = new KeyValue("/registry/configmaps/t/a", large, 7, 7);
        AtomicInteger decodings = new AtomicInteger();
        CachingObject first = events.get(kv, 7, () -> {
            decodings.incrementAndGet();
            return Json.object(large);
        });
        CachingObject second = events.get(kv, 7, () -> {
            decodings.incrementAndGet();
            return Json.object(large);
        });
        assertNotSame(first, second);
        assertEquals(2, decodings.get(), "not kept in the ring");
    }

    @Test
    void watchesRacingForANewEventShareOneDecoding() throws Exception {
        for (int round = 0; round < 200; round++) {
            DecodedEvents events = new DecodedEvents();
            KeyValue kv = new KeyValue("/registry/configmaps/t/a", VALUE, round, round);
            AtomicInteger decodings = new AtomicInteger();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<CachingObject>> got = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
                for (int w = 0; w < 4; w++) {
                    got.add(pool.submit(() -> {
                        go.await();
                        CachingObject o = events.get(kv, kv.modRevision(), () -> {
                            decodings.incrementAndGet();
                            return Json.object(VALUE);
                        });
                        o.object();
                        return o;
                    }));
                }
                go.countDown();
                CachingObject first = got.get(0).get();
                for (var f : got) {
                    assertSame(first, f.get(), "round " + round);
                }
            }
            assertEquals(1, decodings.get(), "round " + round);
        }
    }

    @Test
    void eachFormatIsSerializedOnce() {
        ObjectNode o = Json.object(VALUE);
        CachingObject c = new CachingObject(o);
        AtomicInteger encodings = new AtomicInteger();
        byte[] json = c.encoded("json", n -> {
            encodings.incrementAndGet();
            return Json.bytes(n);
        });
        assertSame(json, c.encoded("json", n -> {
            encodings.incrementAndGet();
            return Json.bytes(n);
        }));
        byte[] other = c.encoded("metadata", n -> {
            encodings.incrementAndGet();
            return "m".getBytes(StandardCharsets.UTF_8);
        });
        assertArrayEquals("m".getBytes(StandardCharsets.UTF_8), other);
        assertEquals(2, encodings.get());
    }
}

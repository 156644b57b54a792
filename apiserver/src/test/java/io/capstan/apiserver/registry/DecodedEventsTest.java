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
        assertEquals(1, decodings.get());

        // Equal content in another stored value (a storage watch of its own) or another revision is not shared.
        KeyValue copy = new KeyValue("/registry/configmaps/t/a", VALUE.clone(), 5, 5);
        assertNotSame(first, events.get(copy, 5, () -> Json.object(VALUE)));
        assertNotSame(events.get(copy, 5, () -> Json.object(VALUE)), events.get(copy, 6, () -> Json.object(VALUE)));
        // A later revision in the same slot replaces the entry: a miss decodes again, never a wrong object.
        KeyValue later = new KeyValue("/registry/configmaps/t/b", VALUE.clone(), 5 + 256, 5 + 256);
        CachingObject other = events.get(later, 5 + 256, () -> Json.object(VALUE));
        assertNotSame(first, other);
        assertNotSame(first, events.get(kv, 5, () -> Json.object(VALUE)));
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

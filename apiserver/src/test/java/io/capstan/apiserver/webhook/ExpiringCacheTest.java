package io.capstan.apiserver.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ExpiringCacheTest {
    private final AtomicLong clock = new AtomicLong(1_000);

    @Test
    void entriesLiveForTheirOwnTtl() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(10, clock::get);
        cache.put("short", "s", Duration.ofSeconds(1));
        cache.put("long", "l", Duration.ofSeconds(10));
        cache.put("never", "n", Duration.ZERO);
        assertEquals("s", cache.get("short"));
        assertNull(cache.get("never"));
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertNull(cache.get("short"));
        assertEquals("l", cache.get("long"));
        clock.addAndGet(Duration.ofSeconds(9).toNanos());
        assertNull(cache.get("long"));
    }

    @Test
    void theLeastRecentlyUsedEntryGoesBeyondTheSize() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(2, clock::get);
        cache.put("a", "1", Duration.ofMinutes(1));
        cache.put("b", "2", Duration.ofMinutes(1));
        cache.get("a");
        cache.put("c", "3", Duration.ofMinutes(1));
        assertEquals("1", cache.get("a"));
        assertNull(cache.get("b"));
        assertEquals("3", cache.get("c"));
    }
}

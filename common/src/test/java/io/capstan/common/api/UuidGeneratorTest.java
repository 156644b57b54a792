package io.capstan.common.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Version-4 UUIDs: well-formed, never repeated, with their 122 random bits each set about half the time. */
class UuidGeneratorTest {
    private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @Test
    void version4VariantIetfCanonicalText() {
        for (int i = 0; i < 1000; i++) {
            UUID u = UuidGenerator.random();
            assertEquals(4, u.version());
            assertEquals(2, u.variant());
            String s = UuidGenerator.randomString();
            assertTrue(CANONICAL.matcher(s).matches(), s);
            assertEquals(s, UUID.fromString(s).toString());
        }
    }

    @Test
    void noRepeatsAcrossThreads() throws Exception {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        int threads = 32;
        int each = 5000;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                executor.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        seen.add(UuidGenerator.random());
                    }
                });
            }
        }
        assertEquals(threads * each, seen.size());
    }

    @Test
    void everyRandomBitIsSetAboutHalfTheTime() {
        int n = 20000;
        int[] ones = new int[128];
        for (int i = 0; i < n; i++) {
            UUID u = UuidGenerator.random();
            for (int b = 0; b < 64; b++) {
                ones[b] += (int) ((u.getMostSignificantBits() >>> b) & 1);
                ones[64 + b] += (int) ((u.getLeastSignificantBits() >>> b) & 1);
            }
        }
        Set<Integer> fixed = new HashSet<>(List.of(12, 13, 14, 15, 64 + 62, 64 + 63)); // version and variant bits
        List<String> skewed = new ArrayList<>();
        for (int b = 0; b < 128; b++) {
            // Binomial(20000, 0.5): sd ~71; 6 sd either side.
            if (!fixed.contains(b) && Math.abs(ones[b] - n / 2) > 425) {
                skewed.add(b + ":" + ones[b]);
            }
        }
        assertTrue(skewed.isEmpty(), "bits far from 50%: " + skewed);
    }

    /** Not an assertion: prints the cost against the JDK's UUID.randomUUID() for the record. */
    @Test
    void printsCostAgainstTheJdk() {
        int n = 200_000;
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += UUID.randomUUID().getLeastSignificantBits();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += UuidGenerator.random().getLeastSignificantBits();
            }
            long t2 = System.nanoTime();
            System.out.printf("UUID.randomUUID %.0f ns/op, UuidGenerator.random %.0f ns/op (%d)%n",
                    (t1 - t0) / (double) n, (t2 - t1) / (double) n, sink & 1);
        }
    }
}

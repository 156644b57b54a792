package io.capstan.common.api;

import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Random (version 4) UUIDs for object UIDs and audit IDs, as upstream's {@code uuid.NewUUID()} (google/uuid with its
 * random pool): 122 bits from a cryptographically strong generator, cheaper than {@link UUID#randomUUID()}, which
 * reads {@code /dev/urandom} under one process-wide lock for every UUID.
 *
 * <p>The bytes come from NIST SP 800-90A DRBGs ({@code SecureRandom.getInstance("DRBG")}, 256-bit strength, seeded
 * from the platform's entropy source and reseeded by the JDK as the standard requires), one per stripe so that
 * concurrent requests seldom wait for each other, each drawn in blocks of {@value #POOL_BYTES} bytes that are
 * handed out 16 at a time and never reused.
 */
public final class UuidGenerator {
    private static final int POOL_BYTES = 16 * 64;
    private static final Stripe[] STRIPES = new Stripe[stripes()];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Stripe(i);
        }
    }

    private UuidGenerator() {
    }

    /** A new random (version 4, variant 2) UUID. */
    public static UUID random() {
        // Virtual threads are numbered in order of creation: consecutive requests land on different stripes.
        long id = Thread.currentThread().threadId();
        Stripe s = STRIPES[(int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & (STRIPES.length - 1)];
        return s.next();
    }

    /** {@link #random()} in its canonical text form ({@code 8-4-4-4-12} lower-case hex digits). */
    public static String randomString() {
        return random().toString();
    }

    private static int stripes() {
        int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) << 1;
        return Math.min(64, Math.max(4, n));
    }

    /** One generator with its pool of unused bytes. */
    private static final class Stripe {
        private final ReentrantLock lock = new ReentrantLock();
        private final SecureRandom drbg;
        private final byte[] pool = new byte[POOL_BYTES];
        private int next = POOL_BYTES;

        Stripe(int index) {
            try {
                drbg = SecureRandom.getInstance("DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY,
                        ("capstan-uuid-" + index).getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no DRBG SecureRandom in this JDK", e);
            }
        }

        UUID next() {
            long msb;
            long lsb;
            lock.lock();
            try {
                if (next == POOL_BYTES) {
                    drbg.nextBytes(pool);
                    next = 0;
                }
                msb = longAt(next);
                lsb = longAt(next + 8);
                // Never hand the same bytes out twice, nor leave them lying in the pool.
                java.util.Arrays.fill(pool, next, next + 16, (byte) 0);
                next += 16;
            } finally {
                lock.unlock();
            }
            msb = (msb & ~0xF000L) | 0x4000L;                       // version 4
            lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
            return new UUID(msb, lsb);
        }

        private long longAt(int i) {
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v = (v << 8) | (pool[i + k] & 0xFF);
            }
            return v;
        }
    }
}

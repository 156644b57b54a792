package io.capstan.common.client;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket, as golang.org/x/time/rate's Limiter that client-go's rate limiters use: it holds up
 * to {@code burst} tokens and refills at {@code qps} tokens a second. Each {@link #reserve()} takes one
 * token, going into debt when the bucket is empty, and says how long the caller must wait before the
 * token is really theirs. Thread-safe.
 */
public final class TokenBucket {
    private final double qps;
    private final int burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    /**
     * @param qps       refill rate in tokens per second; zero or less disables limiting
     * @param burst     bucket size, at least 1 when limiting
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public TokenBucket(double qps, int burst, LongSupplier nanoClock) {
        if (qps > 0 && burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
        this.qps = qps;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** Takes one token and returns how long to wait before acting on it; zero when one was available. */
    public synchronized Duration reserve() {
        if (qps <= 0) {
            return Duration.ZERO;
        }
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * qps);
        last = now;
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / qps * 1e9));
    }

    /** Takes one token, sleeping until it is available. */
    public void acquire() throws InterruptedException {
        Duration wait = reserve();
        if (!wait.isZero()) {
            Thread.sleep(wait);
        }
    }
}

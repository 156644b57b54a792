package io.capstan.common.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An exponential back-off schedule, as client-go's {@code wait.Backoff}: the delay before retry number
 * {@code attempt} (0-based) is {@code initial * factor^attempt}, capped at {@code cap}, plus up to
 * {@code jitter * delay} of random extra so that many clients do not retry in lockstep.
 *
 * @param initial the first delay
 * @param factor  the growth per attempt, at least 1
 * @param cap     the largest delay before jitter
 * @param jitter  the random extra as a fraction of the delay, 0 for none
 */
public record Backoff(Duration initial, double factor, Duration cap, double jitter) {

    public Backoff {
        if (initial.isNegative() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 <= initial <= cap, got " + initial + " and " + cap);
        }
        if (factor < 1 || jitter < 0) {
            throw new IllegalArgumentException("need factor >= 1 and jitter >= 0");
        }
    }

    /** The delay before retry number {@code attempt}, counting from 0. */
    public Duration delay(int attempt) {
        double nanos = initial.toNanos() * Math.pow(factor, Math.max(0, attempt));
        long capped = (long) Math.min(nanos, cap.toNanos());
        if (jitter > 0) {
            capped += (long) (capped * jitter * ThreadLocalRandom.current().nextDouble());
        }
        return Duration.ofNanos(capped);
    }
}

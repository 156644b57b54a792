package io.capstan.common.leaderelection;

import java.time.Duration;

/**
 * The timings of a {@link LeaderElector}, as client-go's {@code LeaderElectionConfig}.
 *
 * @param leaseDuration   how long a candidate waits after it last saw the lock change before it takes over
 * @param renewDeadline   how long a leader keeps trying to renew before it gives up and stops leading;
 *                        shorter than {@code leaseDuration}, so a leader stops before anyone may take over
 * @param retryPeriod     how long candidates wait between attempts
 * @param releaseOnCancel whether a stopped leader releases the lock so a successor need not wait
 * @param name            a name for logs, e.g. {@code kube-scheduler}
 */
public record LeaderElectionConfig(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                                   boolean releaseOnCancel, String name) {
    /** client-go's {@code JitterFactor}: a candidate waits retryPeriod plus up to this much more of it. */
    public static final double JITTER_FACTOR = 1.2;
    /** Upstream's defaults for kube-controller-manager and kube-scheduler. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    /** Checks the same invariants as client-go's {@code NewLeaderElector}. */
    public LeaderElectionConfig {
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leaseDuration (" + leaseDuration + ") must be greater than renewDeadline (" + renewDeadline + ")");
        }
        if (renewDeadline.toNanos() <= (long) (JITTER_FACTOR * retryPeriod.toNanos())) {
            throw new IllegalArgumentException("renewDeadline (" + renewDeadline + ") must be greater than retryPeriod*" + JITTER_FACTOR + " (" + retryPeriod + ")");
        }
        if (leaseDuration.isNegative() || renewDeadline.isNegative() || retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("leaseDuration, renewDeadline and retryPeriod must be positive");
        }
        if (leaseDuration.toSeconds() < 1) {
            throw new IllegalArgumentException("leaseDuration must be at least 1s: the Lease stores whole seconds");
        }
    }

    /** Upstream's defaults (15 s, 10 s, 2 s), releasing on a clean stop. */
    public static LeaderElectionConfig defaults(String name) {
        return new LeaderElectionConfig(DEFAULT_LEASE_DURATION, DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY_PERIOD, true, name);
    }
}

package io.capstan.common.leaderelection;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a lock holds, as client-go's {@code resourcelock.LeaderElectionRecord}: who leads, for how
 * long a renewal counts, when the leader acquired and last renewed, and how often leadership changed.
 *
 * @param holderIdentity       the leader's identity; empty when nobody holds the lock (released)
 * @param leaseDurationSeconds how long candidates wait after the last observed change before taking over
 * @param acquireTime          when the current holder acquired the lock, or null
 * @param renewTime            when the holder last renewed, or null
 * @param leaseTransitions     how many times the holder changed
 */
public record LeaderElectionRecord(String holderIdentity, int leaseDurationSeconds, Instant acquireTime,
                                   Instant renewTime, int leaseTransitions) {

    /** metav1.MicroTime's wire format: RFC 3339 with exactly six fractional digits, in UTC. */
    static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    public LeaderElectionRecord {
        holderIdentity = holderIdentity == null ? "" : holderIdentity;
    }

    /** {@code instant} as a MicroTime string, e.g. {@code 2006-01-02T15:04:05.000000Z}. */
    public static String formatMicroTime(Instant instant) {
        return MICRO_TIME.format(instant);
    }
}

package io.capstan.apiserver.authentication.x509;

import java.security.cert.X509Certificate;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The outcomes of verifying client chains against one CA bundle, so that a client on a keep-alive connection (or
 * reconnecting with the same certificate) is not PKIX-validated on every request. Keyed by the exact chain the
 * client sent (leaf and intermediates, compared by their DER encoding); bounded: beyond {@code capacity} entries an
 * arbitrary one is dropped, so a client cycling through certificates costs verifications, never memory.
 *
 * <p>An outcome holds the window in which every certificate of the validated path is within its validity period;
 * it is only recorded, and only served, for an instant inside that window, where the result of PKIX validation
 * cannot depend on the time. One instance belongs to one {@link ChainVerifier}, hence to one CA bundle: a new
 * bundle means a new verifier and an empty cache.
 */
final class VerifiedChains {
    /**
     * One verification's result.
     *
     * @param notBefore the latest {@code notBefore} of the path's certificates, in epoch milliseconds
     * @param notAfter  the earliest {@code notAfter}, in epoch milliseconds
     * @param failure   the error message the verification ended with; null when the chain verified
     */
    record Outcome(long notBefore, long notAfter, String failure) {
        /** True when {@code now} is inside the path's validity window (the JDK's {@code checkValidity} bounds, inclusive). */
        boolean covers(long now) {
            return now >= notBefore && now <= notAfter;
        }
    }

    private final int capacity;
    private final ConcurrentHashMap<List<X509Certificate>, Outcome> outcomes = new ConcurrentHashMap<>();

    VerifiedChains(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /** The outcome recorded for exactly this chain, when there is one that applies at {@code now}; else null. */
    Outcome get(List<X509Certificate> chain, long now) {
        Outcome o = outcomes.get(chain);
        return o != null && o.covers(now) ? o : null;
    }

    /** Records an outcome computed at {@code now}; ignored unless {@code now} is inside the outcome's window. */
    void put(List<X509Certificate> chain, Outcome outcome, long now) {
        if (!outcome.covers(now)) {
            return;
        }
        if (outcomes.size() >= capacity) {
            Iterator<List<X509Certificate>> it = outcomes.keySet().iterator();
            if (it.hasNext()) {
                it.next();
                it.remove();
            }
        }
        outcomes.put(List.copyOf(chain), outcome);
    }

    /** How many outcomes are held. */
    int size() {
        return outcomes.size();
    }
}

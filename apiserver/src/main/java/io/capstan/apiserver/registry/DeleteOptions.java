package io.capstan.apiserver.registry;

/**
 * Upstream's {@code metav1.DeleteOptions}, from the body or the query.
 *
 * @param gracePeriodSeconds null for the kind's default
 * @param propagationPolicy  {@code Orphan}, {@code Background}, {@code Foreground} or null
 * @param preconditionUid    null when not given
 * @param preconditionResourceVersion null when not given
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                            String preconditionResourceVersion, boolean dryRun) {

    public static DeleteOptions defaults() {
        return new DeleteOptions(null, null, null, null, false);
    }
}

package io.capstan.apiserver.storage;

import java.util.List;

/**
 * The answer to a range read: the items in key order, the revision they were read at, whether more
 * items matched beyond {@code limit} (then the next page starts after the last item's key), and how
 * many keys of the range follow the returned items at that revision ({@code 0} when {@code more} is
 * false). {@code remaining} is what etcd's {@code count} minus the items returned gives; the API
 * server reports it as a list's {@code metadata.remainingItemCount}.
 */
public record RangeResult(List<KeyValue> items, long revision, boolean more, long remaining) {
    public RangeResult {
        if (remaining < 0 || (!more && remaining != 0) || (more && remaining == 0)) {
            throw new IllegalArgumentException("remaining " + remaining + " does not fit more=" + more);
        }
    }
}

package io.capstan.apiserver.storage;

import java.util.List;

/**
 * The answer to a range read: the items in key order, the revision they were read at, whether more
 * items matched beyond {@code limit} (then the next page starts after the last item's key), and how
 * many keys of the range follow the returned items at that revision, when the backend counted them
 * for free (etcd's {@code count} minus the items), else {@link #UNCOUNTED}: {@link Storage#count}
 * counts on demand.
 */
public record RangeResult(List<KeyValue> items, long revision, boolean more, long remaining) {
    /** {@link #remaining} when the backend did not count. */
    public static final long UNCOUNTED = -1;

    public RangeResult {
        if (remaining < UNCOUNTED) {
            throw new IllegalArgumentException("remaining must be a count or UNCOUNTED: " + remaining);
        }
    }

    /** A result whose remaining keys were not counted. */
    public RangeResult(List<KeyValue> items, long revision, boolean more) {
        this(items, revision, more, UNCOUNTED);
    }
}

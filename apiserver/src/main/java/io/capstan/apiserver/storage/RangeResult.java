package io.capstan.apiserver.storage;

import java.util.List;

/**
 * The answer to a range read: the items in key order, the revision they were read at, and whether
 * more items matched beyond {@code limit} (then the next page starts after the last item's key).
 */
public record RangeResult(List<KeyValue> items, long revision, boolean more) {
}

package io.capstan.common.client;

import java.util.List;

/**
 * One list answer as typed models, as a {@code *List} object's {@code items} and {@code metadata}.
 *
 * @param items              the objects
 * @param resourceVersion    the version the list was read at
 * @param continueToken      the token of the next page; empty on the last page
 * @param remainingItemCount how many items follow this page, when the server says so; otherwise null
 * @param <T>                the object type
 */
public record TypedList<T>(List<T> items, String resourceVersion, String continueToken, Long remainingItemCount) {

    public TypedList {
        items = List.copyOf(items);
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
        continueToken = continueToken == null ? "" : continueToken;
    }

    /** True when a later page follows ({@link #continueToken()} is set). */
    public boolean hasMore() {
        return !continueToken.isEmpty();
    }
}

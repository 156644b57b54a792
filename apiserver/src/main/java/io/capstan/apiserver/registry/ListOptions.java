package io.capstan.apiserver.registry;

import io.capstan.common.selector.FieldSelector;
import io.capstan.common.selector.LabelSelector;

/**
 * The list and watch query parameters of upstream's {@code metav1.ListOptions}.
 *
 * @param resourceVersion      {@code ""} (most recent), {@code "0"} (any) or a revision
 * @param resourceVersionMatch {@code ""}, {@code NotOlderThan} or {@code Exact}
 * @param limit                page size, 0 for all
 * @param sendInitialEvents    null when not given
 * @param timeoutSeconds       watch timeout, 0 for the server's default
 */
public record ListOptions(
        LabelSelector labelSelector,
        FieldSelector fieldSelector,
        String resourceVersion,
        String resourceVersionMatch,
        long limit,
        String continueToken,
        boolean watch,
        boolean allowWatchBookmarks,
        Boolean sendInitialEvents,
        long timeoutSeconds) {

    /** No selection, most recent, everything. */
    public static ListOptions all() {
        return new ListOptions(LabelSelector.everything(), FieldSelector.everything(), "", "", 0, "", false, false, null, 0);
    }

    public ListOptions withLabelSelector(LabelSelector s) {
        return new ListOptions(s, fieldSelector, resourceVersion, resourceVersionMatch, limit, continueToken, watch,
                allowWatchBookmarks, sendInitialEvents, timeoutSeconds);
    }
}

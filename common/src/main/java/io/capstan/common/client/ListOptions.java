package io.capstan.common.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query parameters of a list or watch, as metav1.ListOptions. Empty strings and zero mean "not set".
 *
 * @param labelSelector       e.g. {@code app=web,tier!=db}
 * @param fieldSelector       e.g. {@code spec.nodeName=}
 * @param limit               page size for lists; 0 for all
 * @param continueToken       the {@code continue} token of the previous page
 * @param resourceVersion     list: {@code 0} means any cached version, empty the latest; watch: start after it
 * @param timeoutSeconds      watch: the server ends the stream after this long; 0 for its default
 * @param allowWatchBookmarks watch: ask for BOOKMARK events carrying the current resourceVersion
 * @param resourceVersionMatch list: how {@code resourceVersion} applies, {@code NotOlderThan} or {@code Exact};
 *                             empty for upstream's default
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion, long timeoutSeconds, boolean allowWatchBookmarks,
                          String resourceVersionMatch) {

    /** No options. */
    public static final ListOptions NONE = new ListOptions("", "", 0, "", "", 0, false, "");

    /** Options without a resourceVersionMatch. */
    public ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                       String resourceVersion, long timeoutSeconds, boolean allowWatchBookmarks) {
        this(labelSelector, fieldSelector, limit, continueToken, resourceVersion, timeoutSeconds, allowWatchBookmarks, "");
    }

    public ListOptions {
        labelSelector = labelSelector == null ? "" : labelSelector;
        fieldSelector = fieldSelector == null ? "" : fieldSelector;
        continueToken = continueToken == null ? "" : continueToken;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
        resourceVersionMatch = resourceVersionMatch == null ? "" : resourceVersionMatch;
    }

    /** With a label selector. */
    public ListOptions withLabelSelector(String selector) {
        return new ListOptions(selector, fieldSelector, limit, continueToken, resourceVersion, timeoutSeconds, allowWatchBookmarks, resourceVersionMatch);
    }

    /** With a field selector. */
    public ListOptions withFieldSelector(String selector) {
        return new ListOptions(labelSelector, selector, limit, continueToken, resourceVersion, timeoutSeconds, allowWatchBookmarks, resourceVersionMatch);
    }

    /** With a page size and the token of the page to read. */
    public ListOptions withPage(long pageSize, String token) {
        return new ListOptions(labelSelector, fieldSelector, pageSize, token, resourceVersion, timeoutSeconds, allowWatchBookmarks, resourceVersionMatch);
    }

    /** With a resourceVersion. */
    public ListOptions withResourceVersion(String rv) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, rv, timeoutSeconds, allowWatchBookmarks, resourceVersionMatch);
    }

    /** With a resourceVersionMatch ({@code NotOlderThan} or {@code Exact}). */
    public ListOptions withResourceVersionMatch(String match) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, timeoutSeconds, allowWatchBookmarks, match);
    }

    /** With watch settings. */
    public ListOptions withWatch(long timeout, boolean bookmarks) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, timeout, bookmarks, resourceVersionMatch);
    }

    /** The query parameters of a list ({@code watch=false}) or a watch. */
    Map<String, String> query(boolean watch) {
        Map<String, String> q = new LinkedHashMap<>();
        if (watch) {
            q.put("watch", "true");
        }
        put(q, "labelSelector", labelSelector);
        put(q, "fieldSelector", fieldSelector);
        put(q, "resourceVersion", resourceVersion);
        put(q, "resourceVersionMatch", resourceVersionMatch);
        if (watch) {
            if (timeoutSeconds > 0) {
                q.put("timeoutSeconds", Long.toString(timeoutSeconds));
            }
            if (allowWatchBookmarks) {
                q.put("allowWatchBookmarks", "true");
            }
        } else {
            if (limit > 0) {
                q.put("limit", Long.toString(limit));
            }
            put(q, "continue", continueToken);
        }
        return q;
    }

    private static void put(Map<String, String> q, String key, String value) {
        if (!value.isEmpty()) {
            q.put(key, value);
        }
    }
}

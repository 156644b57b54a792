package io.capstan.common.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query parameters of a patch, as metav1.PatchOptions.
 *
 * @param fieldManager the manager the change is recorded under; required for server-side apply
 * @param force        apply: take over fields other managers own instead of failing with a 409 conflict
 * @param dryRun       validate and answer without storing ({@code dryRun=All})
 */
public record PatchOptions(String fieldManager, boolean force, boolean dryRun) {

    /** No options. */
    public static final PatchOptions NONE = new PatchOptions(null, false, false);

    public PatchOptions {
        fieldManager = fieldManager == null ? "" : fieldManager;
    }

    /** Options of a server-side apply by {@code fieldManager}. */
    public static PatchOptions apply(String fieldManager, boolean force) {
        if (fieldManager == null || fieldManager.isEmpty()) {
            throw new IllegalArgumentException("server-side apply needs a fieldManager");
        }
        return new PatchOptions(fieldManager, force, false);
    }

    /** The query parameters. */
    Map<String, String> query() {
        Map<String, String> q = new LinkedHashMap<>();
        if (!fieldManager.isEmpty()) {
            q.put("fieldManager", fieldManager);
        }
        if (force) {
            q.put("force", "true");
        }
        if (dryRun) {
            q.put("dryRun", "All");
        }
        return q;
    }
}

package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Work a {@link GenericStore} runs around its writes, after upstream's {@code Store.BeginCreate},
 * {@code BeginUpdate} and {@code AfterDelete} (services allocate cluster IPs and node ports there).
 * Unlike a {@link Strategy}, hooks may hold state outside the object, such as allocations in storage.
 */
public interface StoreHooks {
    /** No hooks. */
    StoreHooks NONE = new StoreHooks() { };

    /**
     * Mutating admission of a create, where upstream's handler calls {@code admission.Admit}: after the
     * namespace is found open, before the strategy defaults, prepares and validates the object; may
     * change it (the ServiceAccount plugin mounts the API token into pods) or refuse it.
     */
    default void admitCreate(ObjectNode obj) {
    }

    /**
     * Called after the new object is defaulted and validated, before it is written; may change it
     * (fill allocated values) or refuse it with a Status error. With {@code dryRun} nothing outside
     * the object may change.
     */
    default FinishFunc beginCreate(ObjectNode obj, boolean dryRun) {
        return FinishFunc.NOOP;
    }

    /** As {@link #beginCreate} for an update of {@code old} to {@code obj}. */
    default FinishFunc beginUpdate(ObjectNode obj, ObjectNode old, boolean dryRun) {
        return FinishFunc.NOOP;
    }

    /**
     * Called when a delete of {@code obj} has passed its preconditions, before anything is written
     * (where upstream's admission sees the DELETE; its namespace lifecycle plugin notes the name there).
     */
    default void beginDelete(ObjectNode obj) {
    }

    /** Called once the object is gone from storage (not when it is only marked for deletion). */
    default void afterDelete(ObjectNode obj) {
    }
}

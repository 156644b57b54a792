package io.capstan.common.informer;

/** What kind of change a {@link Delta} records (client-go's {@code DeltaType}). */
public enum DeltaType {
    /** The object appeared in a watch. */
    ADDED,
    /** The object changed in a watch. */
    UPDATED,
    /** The object was deleted, or vanished from a relist (its last known state is carried). */
    DELETED,
    /** The object was in a (re)list. */
    REPLACED,
    /** A periodic resync delivered the cached object again. */
    SYNC
}

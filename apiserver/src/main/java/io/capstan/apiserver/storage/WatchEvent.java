package io.capstan.apiserver.storage;

/**
 * One change seen by a watch. For {@link Type#PUT}, {@code kv} is the new value and {@code prevKv}
 * the previous one (null on create). For {@link Type#DELETE}, {@code kv} holds the deleted value with
 * {@code modRevision} set to the deletion's revision, and {@code prevKv} the value as it was before.
 */
public record WatchEvent(Type type, KeyValue kv, KeyValue prevKv) {

    /** What happened to the key. */
    public enum Type { PUT, DELETE }

    /** The revision of this change. */
    public long revision() {
        return kv.modRevision();
    }

    /** True when a PUT created the key. */
    public boolean isCreate() {
        return type == Type.PUT && kv.createRevision() == kv.modRevision();
    }
}

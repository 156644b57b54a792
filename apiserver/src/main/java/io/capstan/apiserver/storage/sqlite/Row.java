package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.WatchEvent;

/**
 * One row of the log table: one write. {@code id} is the write's revision. A deletion row keeps the
 * deleted value in {@code value} (so DELETE events can carry it) and has no {@code oldValue}; an
 * update row keeps the value it replaced in {@code oldValue} (so PUT events carry prevKv without a
 * second lookup). {@code prevRevision} points at the key's previous row (also across a deletion),
 * which is what compaction follows to find superseded rows.
 */
record Row(long id, String key, boolean created, boolean deleted, long createRevision, long prevRevision,
           byte[] value, byte[] oldValue) {

    /** A row creating {@code key}; {@code prevRevision} is the key's tombstone, or 0. */
    static Row creation(long id, String key, long prevRevision, byte[] value) {
        return new Row(id, key, true, false, id, prevRevision, value, null);
    }

    /** The row that replaces this (live) row's value. */
    Row update(long id, byte[] newValue) {
        return new Row(id, key, false, false, createRevision, this.id, newValue, value);
    }

    /** The row that deletes this (live) row's key. */
    Row deletion(long id) {
        return new Row(id, key, false, true, createRevision, this.id, value, null);
    }

    KeyValue toKeyValue() {
        return new KeyValue(key, value, createRevision, id);
    }

    WatchEvent toEvent() {
        KeyValue kv = toKeyValue();
        if (deleted) {
            return new WatchEvent(WatchEvent.Type.DELETE, kv, new KeyValue(key, value, createRevision, prevRevision));
        }
        KeyValue prev = created ? null : new KeyValue(key, oldValue, createRevision, prevRevision);
        return new WatchEvent(WatchEvent.Type.PUT, kv, prev);
    }
}

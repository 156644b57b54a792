package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts a resource between the version it is served in and the version it is stored in, as
 * upstream's storage codec does when two APIs share one storage location (events.k8s.io/v1 Events
 * are stored as core/v1 Events). The store applies it to every value it writes and reads, so each API
 * sees the objects written through the other.
 */
public interface StorageConversion {
    /** Stored as served. */
    StorageConversion IDENTITY = new StorageConversion() {
        @Override
        public ObjectNode toStorage(ObjectNode served) {
            return served;
        }

        @Override
        public ObjectNode fromStorage(ObjectNode stored) {
            return stored;
        }
    };

    /** The stored form of {@code served} (may be {@code served} itself, changed in place). */
    ObjectNode toStorage(ObjectNode served);

    /** The served form of {@code stored} (may be {@code stored} itself, changed in place). */
    ObjectNode fromStorage(ObjectNode stored);
}

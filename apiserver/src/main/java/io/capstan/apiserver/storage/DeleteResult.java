package io.capstan.apiserver.storage;

/** The value a delete removed, and the revision of the deletion. */
public record DeleteResult(KeyValue deleted, long revision) {
}

package io.capstan.apiserver.storage;

/** One stored key with its value and the revisions that created and last modified it. */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
}

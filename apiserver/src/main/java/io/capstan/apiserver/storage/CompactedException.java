package io.capstan.apiserver.storage;

/** Thrown when a read or watch asks for a revision older than the compacted revision (HTTP 410 upstream). */
public class CompactedException extends StorageException {
    private final long compactedRevision;

    public CompactedException(long requested, long compactedRevision) {
        super("required revision " + requested + " has been compacted (compacted revision " + compactedRevision + ")");
        this.compactedRevision = compactedRevision;
    }

    public long compactedRevision() {
        return compactedRevision;
    }
}

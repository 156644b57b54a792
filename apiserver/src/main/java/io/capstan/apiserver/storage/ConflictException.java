package io.capstan.apiserver.storage;

/** Thrown when a compare-and-swap precondition fails; carries the value the key has now. */
public class ConflictException extends StorageException {
    private final KeyValue current;

    public ConflictException(KeyValue current) {
        super("mod revision precondition failed for " + current.key() + " (now " + current.modRevision() + ")");
        this.current = current;
    }

    public KeyValue current() {
        return current;
    }
}

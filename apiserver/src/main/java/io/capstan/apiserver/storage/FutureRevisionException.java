package io.capstan.apiserver.storage;

/** Thrown when a read asks for a revision newer than the current one. */
public class FutureRevisionException extends StorageException {
    public FutureRevisionException(long requested, long current) {
        super("required revision " + requested + " is a future revision (current " + current + ")");
    }
}

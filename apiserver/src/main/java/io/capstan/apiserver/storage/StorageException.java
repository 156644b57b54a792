package io.capstan.apiserver.storage;

/** Base of every storage failure; subclasses say which, so the API server can map them to Status codes. */
public class StorageException extends RuntimeException {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

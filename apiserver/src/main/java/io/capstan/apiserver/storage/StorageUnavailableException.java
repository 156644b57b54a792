package io.capstan.apiserver.storage;

/** Thrown when the backend cannot be reached or did not answer in time (HTTP 503/504 upstream). */
public class StorageUnavailableException extends StorageException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

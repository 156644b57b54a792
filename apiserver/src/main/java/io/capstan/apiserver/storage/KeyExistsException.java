package io.capstan.apiserver.storage;

/** Thrown when the key already exists. */
public class KeyExistsException extends StorageException {
    private final String key;

    public KeyExistsException(String key) {
        super("the key already exists: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

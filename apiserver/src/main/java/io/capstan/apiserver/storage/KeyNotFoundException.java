package io.capstan.apiserver.storage;

/** Thrown when the key does not exist. */
public class KeyNotFoundException extends StorageException {
    private final String key;

    public KeyNotFoundException(String key) {
        super("the key does not exist: " + key);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

package io.capstan.apiserver.storage;

/** A running watch. Closing it is idempotent. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}

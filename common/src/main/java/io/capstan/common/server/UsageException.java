package io.capstan.common.server;

/** A command line that cannot be understood; the message says what to change. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}

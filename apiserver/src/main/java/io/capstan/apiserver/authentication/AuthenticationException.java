package io.capstan.apiserver.authentication;

/** Credentials that were presented and are not valid; the message is logged, never sent to the client. */
public final class AuthenticationException extends Exception {
    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}

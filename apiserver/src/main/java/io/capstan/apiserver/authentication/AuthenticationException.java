package io.capstan.apiserver.authentication;

/** Credentials that were presented and are not valid; the message is logged, never sent to the client. */
public final class AuthenticationException extends Exception {
    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    private AuthenticationException(String message, boolean stackTrace) {
        super(message, null, true, stackTrace);
    }

    /**
     * An exception without a stack trace, for a failure known in advance (a chain that failed verification before):
     * only the message is ever used, and recording the stack of a request's deep handler chain is not free.
     */
    public static AuthenticationException known(String message) {
        return new AuthenticationException(message, false);
    }
}

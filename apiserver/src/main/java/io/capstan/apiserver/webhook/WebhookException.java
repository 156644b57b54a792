package io.capstan.apiserver.webhook;

/** A webhook call that failed: unreachable, an error status, or an answer that is not JSON. */
public final class WebhookException extends Exception {
    public WebhookException(String message) {
        super(message);
    }

    public WebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.capstan.apiserver.audit;

import java.util.Arrays;

/** When in a request's life an audit event is generated, as upstream's {@code audit.k8s.io/v1} {@code Stage}. */
public enum Stage {
    /** As soon as the audit filter receives the request, before it is handled further. */
    REQUEST_RECEIVED("RequestReceived"),
    /** Once the response headers are sent, before the body; only for long-running requests (watch). */
    RESPONSE_STARTED("ResponseStarted"),
    /** Once the response is complete. */
    RESPONSE_COMPLETE("ResponseComplete"),
    /** When the handler failed unexpectedly (upstream's panic). */
    PANIC("Panic");

    private final String value;

    Stage(String value) {
        this.value = value;
    }

    /** The name in the API ({@code ResponseComplete}). */
    public String value() {
        return value;
    }

    /** The stage named {@code value} in the API; null when there is none. */
    public static Stage parse(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst().orElse(null);
    }
}

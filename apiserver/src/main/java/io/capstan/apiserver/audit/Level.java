package io.capstan.apiserver.audit;

import java.util.Arrays;

/** How much of a request an audit event records, as upstream's {@code audit.k8s.io/v1} {@code Level}. */
public enum Level {
    /** Nothing is logged. */
    NONE("None"),
    /** User, timestamps, resource, verb, ... but not the request or response body. */
    METADATA("Metadata"),
    /** Metadata and the request body, not the response body. */
    REQUEST("Request"),
    /** Metadata, request and response bodies. */
    REQUEST_RESPONSE("RequestResponse");

    private final String value;

    Level(String value) {
        this.value = value;
    }

    /** The name in the API ({@code RequestResponse}). */
    public String value() {
        return value;
    }

    /** True when this level records less than {@code other}. */
    public boolean less(Level other) {
        return ordinal() < other.ordinal();
    }

    /** The level named {@code value} in the API; null when there is none. */
    public static Level parse(String value) {
        return Arrays.stream(values()).filter(l -> l.value.equals(value)).findFirst().orElse(null);
    }
}

package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;

/**
 * A failure the API reports as a {@code Status} object with upstream's reason and code. Thrown by
 * the API server's handlers and by the client when the server answered with such a Status.
 */
public class StatusException extends RuntimeException {
    private final transient Status status;

    public StatusException(Status status) {
        super(status.getMessage());
        this.status = status;
    }

    public StatusException(Status status, Throwable cause) {
        super(status.getMessage(), cause);
        this.status = status;
    }

    /** The Status object to send or that was received. */
    public Status status() {
        return status;
    }

    /** The HTTP code, e.g. 404. */
    public int code() {
        return status.getCode() == null ? 500 : status.getCode();
    }

    /** The upstream reason, e.g. {@code NotFound}. */
    public String reason() {
        return status.getReason();
    }

    /** True when this is a 404 NotFound. */
    public boolean isNotFound() {
        return code() == 404;
    }

    /** True when this is a 409 AlreadyExists. */
    public boolean isAlreadyExists() {
        return code() == 409 && "AlreadyExists".equals(reason());
    }

    /** True when this is a 409 Conflict (optimistic concurrency). */
    public boolean isConflict() {
        return code() == 409 && "Conflict".equals(reason());
    }

    /** True when this is a 410 Gone / Expired. */
    public boolean isGone() {
        return code() == 410;
    }
}

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

    /**
     * The exception for a Status received from a server: a subclass per upstream reason
     * ({@link NotFoundException}, {@link ConflictException}, {@link GoneException}, ...) so that callers
     * can catch the case they handle, as client-go callers test {@code apierrors.IsNotFound}; this class
     * for the rest.
     */
    public static StatusException of(Status status) {
        int code = status.getCode() == null ? 500 : status.getCode();
        String reason = status.getReason() == null ? "" : status.getReason();
        return switch (code) {
            case 400 -> new BadRequestException(status);
            case 401 -> new UnauthorizedException(status);
            case 403 -> new ForbiddenException(status);
            case 404 -> new NotFoundException(status);
            case 409 -> reason.equals("AlreadyExists") ? new AlreadyExistsException(status)
                    : reason.equals("Conflict") || reason.isEmpty() ? new ConflictException(status) : new StatusException(status);
            case 410 -> new GoneException(status);
            case 422 -> new InvalidException(status);
            case 429 -> new TooManyRequestsException(status);
            default -> new StatusException(status);
        };
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

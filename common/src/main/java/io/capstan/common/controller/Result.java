package io.capstan.common.controller;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link Reconciler} asks for after a successful pass, as controller-runtime's
 * {@code reconcile.Result}. To report a failure, throw: the request is retried with back-off.
 */
public final class Result {
    private static final Result DONE = new Result(false, Duration.ZERO);
    private static final Result REQUEUE = new Result(true, Duration.ZERO);

    private final boolean requeue;
    private final Duration delay;

    private Result(boolean requeue, Duration delay) {
        this.requeue = requeue;
        this.delay = delay;
    }

    /** Nothing more to do until something changes. */
    public static Result done() {
        return DONE;
    }

    /** Reconcile again soon, paced by the rate limiter (not an error). */
    public static Result requeue() {
        return REQUEUE;
    }

    /**
     * Reconcile again after {@code delay}, e.g. when waiting for time to pass.
     *
     * @throws IllegalArgumentException when the delay is not positive
     */
    public static Result requeueAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isZero() || delay.isNegative()) {
            throw new IllegalArgumentException("requeueAfter needs a positive delay, got " + delay);
        }
        return new Result(true, delay);
    }

    /** True when the request should be processed again. */
    public boolean shouldRequeue() {
        return requeue;
    }

    /** The delay before processing again; zero means "rate-limited" when {@link #shouldRequeue()}. */
    public Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return !requeue ? "done" : delay.isZero() ? "requeue" : "requeueAfter(" + delay + ")";
    }
}

package io.capstan.apiserver.filters;

import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.capstan.common.server.GoDuration;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.fabric8.kubernetes.api.model.StatusDetails;

import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Times out non-long-running requests, as upstream's {@code WithRequestDeadline} and
 * {@code WithTimeoutForNonLongRunningRequests}: the deadline is {@code --request-timeout}, or the request's
 * {@code timeout} parameter (a Go duration) when shorter; an unparsable {@code timeout} is a 400.
 *
 * <p>The rest of the chain runs on its own virtual thread ({@link HandlerThread}) while this one waits; requests
 * with the server's own timeout share one timer ({@link TimeoutQueue}), the others park with their deadline. At the
 * deadline, if the handler has not begun its response, the client gets upstream's 504 {@code Timeout} Status with
 * {@code Connection: close}; the handler's later response is discarded and, the connection being closed,
 * its reads of the request body fail, as upstream's {@code timeoutReader} does. A write the handler had
 * already handed to storage completes or not as a whole: the client merely stops waiting. A handler that
 * already began its response is left to finish it (upstream aborts the connection instead).
 */
public final class TimeoutFilter implements Filter {
    /** Upstream's prefix of a bad {@code timeout} parameter's message (request_deadline.go). */
    static final String INVALID_TIMEOUT = "invalid timeout specified in the request URL";
    private static final Logger LOG = Logger.getLogger(TimeoutFilter.class.getName());

    private final Duration requestTimeout;
    /** The shared timer of requests with the server's timeout; null when that is too short for its tick. */
    private final TimeoutQueue queue;

    /** @param requestTimeout {@code --request-timeout}: the longest a non-long-running request may take */
    public TimeoutFilter(Duration requestTimeout) {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("--request-timeout must be positive");
        }
        this.requestTimeout = requestTimeout;
        // The queue's thread, idle, sleeps a tick at a time: a deadline closer than a tick would be missed.
        this.queue = requestTimeout.toMillis() >= 10 * TimeoutQueue.TICK_MILLIS ? new TimeoutQueue() : null;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestContext ctx = RequestContext.of(req);
        if (ctx.longRunning()) {
            chain.proceed();
            return;
        }
        Duration timeout;
        try {
            timeout = deadline(req.query().first("timeout").orElse(""));
        } catch (StatusException e) {
            send(res, e);
            return;
        }
        Guard guard = new Guard();
        res.streamFilter(guard::claim);
        // The handler runs on its thread: it must still see the request (escalation checks read it).
        HandlerThread handler = new HandlerThread(() -> CurrentRequest.run(ctx, chain::proceed), System.nanoTime() + timeout.toNanos());
        boolean shared = queue != null && timeout.equals(requestTimeout);
        handler.start("request-" + ctx.auditId());
        if (shared) {
            queue.add(handler);
        }
        if (handler.awaitUntilDeadline(!shared)) {
            rethrowFailure(handler);
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        if (guard.timeOut(() -> send(res, timedOut()))) {
            handler.abandon(() -> LOG.log(Level.FINE, "post-timeout activity of " + ctx.method() + " " + ctx.path(), handler.failure()));
            return;
        }
        // The handler already began its response: let it finish.
        if (handler.awaitFinish()) {
            rethrowFailure(handler);
        }
    }

    /** The request's deadline: {@code --request-timeout}, or the {@code timeout} parameter when shorter and positive. */
    Duration deadline(String timeoutParameter) {
        if (timeoutParameter.isEmpty()) {
            return requestTimeout;
        }
        Duration requested;
        try {
            // Go's time.ParseDuration takes a sign; a negative timeout means none, as 0s does.
            boolean negative = timeoutParameter.startsWith("-");
            String unsigned = negative || timeoutParameter.startsWith("+") ? timeoutParameter.substring(1) : timeoutParameter;
            if (unsigned.isEmpty() || !unsigned.equals(unsigned.trim())) {
                throw new IllegalArgumentException(timeoutParameter);
            }
            requested = GoDuration.parse(unsigned);
            if (negative) {
                requested = requested.negated();
            }
        } catch (RuntimeException e) {
            throw Statuses.badRequest(INVALID_TIMEOUT + " - time: invalid duration \"" + timeoutParameter + "\"");
        }
        if (requested.isNegative() || requested.isZero() || requested.compareTo(requestTimeout) > 0) {
            return requestTimeout;
        }
        return requested;
    }

    /** Upstream's answer to a request past its deadline. */
    static StatusException timedOut() {
        StatusException e = Statuses.timeout("Timeout: request did not complete within the allotted timeout");
        // Upstream's NewTimeoutError(message, 0): empty details (a zero retryAfterSeconds is omitted).
        e.status().setDetails(new StatusDetails());
        return e;
    }

    private static void send(RoutingResponse res, StatusException e) {
        res.status(Status.create(e.code()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        if (e.code() == 504) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        res.send(Json.bytes(e.status()));
    }

    private static void rethrowFailure(HandlerThread handler) {
        if (handler.failure() != null) {
            rethrow(handler.failure());
        }
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    /**
     * Decides, once, who answers: the handler (when it begins its response first) or the timeout. The
     * response's stream filter is the handler's first step of every response, so claiming there is early enough.
     */
    private static final class Guard {
        private final ReentrantLock lock = new ReentrantLock();
        private boolean handlerOwns;
        private boolean timedOut;
        private Thread timeoutThread;

        OutputStream claim(OutputStream out) {
            lock.lock();
            try {
                if (timedOut && Thread.currentThread() == timeoutThread) {
                    return out;
                }
                if (timedOut) {
                    return OutputStream.nullOutputStream();
                }
                handlerOwns = true;
                return out;
            } finally {
                lock.unlock();
            }
        }

        /** Sends the timeout answer unless the handler began its own; true when the timeout answered. */
        boolean timeOut(Runnable answer) {
            lock.lock();
            try {
                if (handlerOwns) {
                    return false;
                }
                timedOut = true;
                timeoutThread = Thread.currentThread();
                try {
                    answer.run();
                } catch (RuntimeException e) {
                    // The handler took the response's stream (or was setting its headers) at this very moment:
                    // it answers after all.
                    timedOut = false;
                    handlerOwns = true;
                    return false;
                }
                return true;
            } finally {
                lock.unlock();
            }
        }
    }
}

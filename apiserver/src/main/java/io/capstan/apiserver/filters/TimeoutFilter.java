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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Times out non-long-running requests, as upstream's {@code WithRequestDeadline} and
 * {@code WithTimeoutForNonLongRunningRequests}: the deadline is {@code --request-timeout}, or the request's
 * {@code timeout} parameter (a Go duration) when shorter; an unparsable {@code timeout} is a 400.
 *
 * <p>The rest of the chain runs on its own virtual thread while this one waits. At the deadline, if the
 * handler has not begun its response, the client gets upstream's 504 {@code Timeout} Status with
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

    /** @param requestTimeout {@code --request-timeout}: the longest a non-long-running request may take */
    public TimeoutFilter(Duration requestTimeout) {
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("--request-timeout must be positive");
        }
        this.requestTimeout = requestTimeout;
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
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().name("request-" + ctx.auditId()).start(() -> {
            try {
                // The handler runs on this thread: it must still see the request (escalation checks read it).
                CurrentRequest.run(ctx, chain::proceed);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (guard.timeOut(() -> send(res, timedOut()))) {
                done.whenComplete((v, t) -> {
                    if (t != null) {
                        LOG.log(Level.FINE, "post-timeout activity of " + ctx.method() + " " + ctx.path(), t);
                    }
                });
                return;
            }
            // The handler already began its response: let it finish.
            join(done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            rethrow(e.getCause());
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

    private static void join(CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            rethrow(e.getCause());
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

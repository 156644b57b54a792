package io.capstan.aggregator;

import io.helidon.webserver.http.ServerRequest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The client's request body as it is forwarded, remembering whether reading it failed: a body cut off
 * or stalled past the read timeout is the client's fault (400), unlike an unreachable API server (503).
 */
final class ClientBody {
    private final ServerRequest req;
    /** Upstream's {@code MaxRequestBodyBytes}, the API server's limit too. */
    private static final long MAX_BODY_BYTES = io.capstan.common.server.ServiceLauncher.MAX_REQUEST_BODY_BYTES;

    private volatile IOException failure;
    private final java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();

    ClientBody(ServerRequest req) {
        this.req = req;
    }

    /** The body stream; its read failures are recorded. */
    InputStream open() {
        return new FilterInputStream(io.capstan.common.server.ReadTimeout.installed().body(req.content().inputStream())) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw record(e);
                } catch (UncheckedIOException e) {
                    throw record(e.getCause());
                } catch (RuntimeException e) {
                    throw record(new IOException(e.getMessage(), e));
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        read.addAndGet(n);
                    }
                    return n;
                } catch (IOException e) {
                    throw record(e);
                } catch (UncheckedIOException e) {
                    throw record(e.getCause());
                } catch (RuntimeException e) {
                    throw record(new IOException(e.getMessage(), e));
                }
            }
        };
    }

    private IOException record(IOException e) {
        failure = e;
        return e;
    }

    /**
     * The answer to a failed body: 413 when the server refused it as over its size limit (a chunked body
     * announces no length, so this shows only while reading), else 400.
     */
    io.capstan.common.api.StatusException error() {
        if (read.get() >= MAX_BODY_BYTES) {
            return io.capstan.common.api.Statuses.tooLarge("Request entity too large: limit is " + MAX_BODY_BYTES);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof io.helidon.http.RequestException re && re.status() != null && re.status().code() == 413
                    || t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("payload size")) {
                return io.capstan.common.api.Statuses.tooLarge("Request entity too large: limit is " + MAX_BODY_BYTES);
            }
        }
        String message = failure == null ? "" : failure.getMessage();
        return io.capstan.common.api.Statuses.badRequest("unable to read the request body: "
                + (message == null || message.isBlank() ? failure.getClass().getSimpleName() : message));
    }

    /** The read failure of the client's body, or null. */
    IOException failure() {
        return failure;
    }
}

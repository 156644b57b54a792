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
    private volatile IOException failure;

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
                    return super.read(b, off, len);
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

    /** The read failure of the client's body, or null. */
    IOException failure() {
        return failure;
    }
}

package io.capstan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One {@link HttpConnection} per load thread, opened on first use; closing closes them all. */
final class ConnectionPerThread implements AutoCloseable {
    private final URI server;
    private final javax.net.ssl.SSLContext tls;
    private final List<HttpConnection> opened = new CopyOnWriteArrayList<>();
    private final ThreadLocal<HttpConnection> mine = new ThreadLocal<>();

    /** Connections to {@code server}; over TLS with {@code tls} when it is an {@code https} URL. */
    ConnectionPerThread(URI server, javax.net.ssl.SSLContext tls) {
        this.server = server;
        this.tls = tls;
    }

    HttpConnection get() {
        HttpConnection c = mine.get();
        if (c == null) {
            try {
                c = new HttpConnection(server, tls);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            opened.add(c);
            mine.set(c);
        }
        return c;
    }

    /** Drops this thread's connection (after an error left it in an unknown state). */
    void discard() {
        HttpConnection c = mine.get();
        mine.remove();
        if (c != null) {
            opened.remove(c);
            try {
                c.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        for (HttpConnection c : opened) {
            try {
                c.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        opened.clear();
    }
}

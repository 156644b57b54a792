package io.capstan.common.server;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cuts off clients that stall while the server waits for them, as Go's {@code http.Server}
 * {@code ReadHeaderTimeout} (32 s in kube-apiserver) does: a connection whose headers do not complete in
 * time, or a request body that makes no progress for as long, is closed. The web server has no read
 * timeout of its own; its connection threads are virtual, and interrupting a virtual thread blocked on a
 * socket closes that socket, which is what the watchdog does.
 */
public final class ReadTimeout {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "read-timeout-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** One blocked reader and when it must have made progress. */
    private record Deadline(Thread thread, long nanos) {
    }

    private final Duration timeout;
    private final Map<Object, Deadline> watched = new ConcurrentHashMap<>();

    private ReadTimeout(Duration timeout) {
        this.timeout = timeout;
        long period = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        WATCHDOG.scheduleWithFixedDelay(this::expire, period, period, TimeUnit.MILLISECONDS);
    }

    /** Upstream's 32 s, until a service installs its own. */
    private static volatile ReadTimeout installed;

    /**
     * The process's read timeout, which {@link ServiceLauncher} installs from {@code server.read-timeout}
     * before the server starts, for the request-body readers that run inside handlers.
     */
    public static ReadTimeout installed() {
        ReadTimeout r = installed;
        if (r == null) {
            synchronized (ReadTimeout.class) {
                if (installed == null) {
                    installed = new ReadTimeout(Duration.ofSeconds(32));
                }
                r = installed;
            }
        }
        return r;
    }

    /** Makes {@code timeout} the process's read timeout and returns it. */
    public static synchronized ReadTimeout install(Duration timeout) {
        installed = new ReadTimeout(timeout);
        return installed;
    }

    /** A read timeout of {@code timeout}; zero or negative disables it. */
    public static ReadTimeout of(Duration timeout) {
        return new ReadTimeout(timeout);
    }

    /** The timeout. */
    public Duration timeout() {
        return timeout;
    }

    /** A listener that closes a connection whose headers do not follow its request line within the timeout. */
    public Http1ConnectionListener headers() {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                watch(ctx);
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                unwatch(ctx);
            }
        };
    }

    /** {@code in}, whose every read that blocks longer than the timeout closes the connection (an IOException). */
    public InputStream body(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                watch(this);
                try {
                    return super.read();
                } finally {
                    unwatch(this);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                watch(this);
                try {
                    return super.read(b, off, len);
                } finally {
                    unwatch(this);
                }
            }
        };
    }

    private void watch(Object key) {
        if (timeout.isPositive()) {
            watched.put(key, new Deadline(Thread.currentThread(), System.nanoTime() + timeout.toNanos()));
        }
    }

    private void unwatch(Object key) {
        Deadline d = watched.remove(key);
        if (d == null && timeout.isPositive()) {
            // The watchdog took it: its interrupt was meant for the read that just ended, not for what follows.
            Thread.interrupted();
        }
    }

    private void expire() {
        long now = System.nanoTime();
        watched.forEach((key, d) -> {
            if (now - d.nanos() > 0 && watched.remove(key, d)) {
                d.thread().interrupt();
            }
        });
    }
}

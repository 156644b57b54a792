package io.capstan.apiserver.audit;

import io.capstan.common.json.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's log backend ({@code plugin/pkg/audit/log}) in its default {@code blocking} mode with the {@code json}
 * format: each event is one JSON line, written to the stream before the request goes on. A write is one append to
 * the file (the page cache), so a request waits microseconds for it; events from concurrent requests are written
 * whole, one at a time.
 */
public final class LogBackend implements Backend {
    private static final Logger LOG = Logger.getLogger(LogBackend.class.getName());

    private final OutputStream out;
    private final boolean closeStream;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    /**
     * @param out         where the lines go (a {@link RotatingFile}, or standard output for {@code --audit-log-path=-})
     * @param closeStream whether {@link #close()} closes {@code out} (false for standard output)
     */
    public LogBackend(OutputStream out, boolean closeStream) {
        this.out = out;
        this.closeStream = closeStream;
    }

    @Override
    public boolean processEvent(Event event) {
        byte[] json = Json.bytes(event.toJson());
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            out.write(line);
            out.flush();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "Error writing audit event: " + e.getMessage(), e);
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            out.flush();
            if (closeStream) {
                out.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing the audit log: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }
}

package io.capstan.apiserver.audit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Upstream's {@code plugin/pkg/audit/buffered} backend ({@code --audit-log-mode=batch}): a decorator that puts a copy
 * of each event in a bounded buffer and returns at once; one background thread hands them to the delegate in order.
 * When the buffer is full the event is dropped and counted, as upstream drops it ("audit buffer queue blocked"), so a
 * slow disk never holds up requests. {@link #close()} writes out what is buffered, then closes the delegate.
 */
public final class BufferedBackend implements Backend {
    private static final Logger LOG = Logger.getLogger(BufferedBackend.class.getName());
    private static final Event STOP = new Event(Level.NONE, "", "", "", io.capstan.apiserver.authentication.UserInfo.ANONYMOUS,
            java.util.List.of(), "", null, java.time.Instant.EPOCH);

    private final Backend delegate;
    private final BlockingQueue<Event> buffer;
    private final Thread worker;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /** @param bufferSize how many events may wait to be written ({@code --audit-log-batch-buffer-size}) */
    public BufferedBackend(Backend delegate, int bufferSize) {
        this.delegate = delegate;
        this.buffer = new ArrayBlockingQueue<>(bufferSize);
        this.worker = Thread.ofPlatform().daemon().name("audit-log-writer").start(this::run);
    }

    @Override
    public boolean processEvent(Event event) {
        if (closed) {
            return true;
        }
        if (!buffer.offer(event.copy())) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.severe("audit buffer queue blocked: " + n + " audit events dropped so far");
            }
        }
        return true; // as upstream: a dropped event does not fail the request
    }

    /** How many events were dropped because the buffer was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        try {
            while (true) {
                Event e = buffer.take();
                if (e == STOP) {
                    return;
                }
                delegate.processEvent(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            buffer.put(STOP);
            if (!worker.join(java.time.Duration.ofSeconds(30))) {
                LOG.warning("audit log writer did not drain its buffer within 30s; " + buffer.size() + " events lost");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delegate.close();
    }
}

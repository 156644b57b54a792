package io.capstan.apiserver.storage;

/**
 * Thrown when a read asks for a revision newer than the current one. The API server answers it as
 * upstream's "Too large resource version" 504, telling the client to retry after
 * {@link #retryAfterSeconds()}: 0 from a backend, 1 from the watch cache after it waited (upstream's
 * cacher and etcd3 store).
 */
public class FutureRevisionException extends StorageException {
    private final long requested;
    private final long current;
    private final int retryAfterSeconds;

    public FutureRevisionException(long requested, long current) {
        this(requested, current, 0);
    }

    public FutureRevisionException(long requested, long current, int retryAfterSeconds) {
        super("required revision " + requested + " is a future revision (current " + current + ")");
        this.requested = requested;
        this.current = current;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long requested() {
        return requested;
    }

    public long current() {
        return current;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.CompactedException;
import io.capstan.apiserver.storage.ConflictException;
import io.capstan.apiserver.storage.DeleteResult;
import io.capstan.apiserver.storage.FutureRevisionException;
import io.capstan.apiserver.storage.KeyExistsException;
import io.capstan.apiserver.storage.KeyNotFoundException;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.RangeResult;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.StorageUnavailableException;
import io.capstan.apiserver.storage.Watch;
import io.capstan.apiserver.storage.WatchListener;
import io.capstan.apiserver.storage.support.Keys;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The backend for a real etcd cluster, over jetcd. Conditional writes are single etcd transactions
 * (compare create/mod revision, then put or delete, else read the current value), so the
 * compare-and-swap is done by etcd itself. Every call waits at most the request timeout and then
 * fails with {@link StorageUnavailableException}; a write that timed out may still have been
 * applied (etcd cannot tell), as with any etcd client.
 */
public final class EtcdStorage implements Storage {
    private static final Logger LOG = Logger.getLogger(EtcdStorage.class.getName());

    private final EtcdOptions options;
    private final Client client;
    private final KV kv;
    private final Set<EtcdWatcher> watchers = ConcurrentHashMap.newKeySet();
    private final CompactRevisionProbe compactProbe;
    private volatile boolean closed;

    /** Connects with {@link EtcdOptions#defaults()}. */
    public EtcdStorage(List<String> endpoints) {
        this(endpoints, EtcdOptions.defaults());
    }

    /** Connects with default options and the given request timeout. */
    public EtcdStorage(List<String> endpoints, Duration requestTimeout) {
        this(endpoints, EtcdOptions.defaults().withRequestTimeout(requestTimeout));
    }

    /**
     * Creates the client; the connection is made lazily by the first call.
     *
     * @param endpoints client URLs such as {@code http://127.0.0.1:2379}
     */
    public EtcdStorage(List<String> endpoints, EtcdOptions options) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is required");
        }
        this.options = Objects.requireNonNull(options, "options");
        this.client = Client.builder()
                .endpoints(endpoints.toArray(String[]::new))
                .connectTimeout(options.requestTimeout())
                // jetcd retries some failures internally; keep that inside our own deadline.
                .retryMaxDuration(options.requestTimeout())
                // A range may return many values of up to 1.5 MiB each; gRPC's 4 MiB default is too small.
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .build();
        this.kv = client.getKVClient();
        this.compactProbe = new CompactRevisionProbe(client.getWatchClient(), options.requestTimeout());
        LOG.info(() -> "etcd storage for " + endpoints + " (request timeout " + options.requestTimeout() + ")");
    }

    @Override
    public KeyValue get(String key) {
        GetResponse response = await(kv.get(EtcdConversions.bytes(key)), "get " + key);
        return response.getKvs().isEmpty() ? null : EtcdConversions.keyValue(response.getKvs().getFirst());
    }

    @Override
    public RangeResult range(String prefix, String startKey, int limit, long revision) {
        Objects.requireNonNull(prefix, "prefix");
        Keys.requireWithinPrefix(prefix, startKey);
        if (limit < 0 || revision < 0) {
            throw new IllegalArgumentException("limit and revision must not be negative");
        }
        GetOption.Builder option = GetOption.builder().withRange(EtcdConversions.rangeEnd(prefix));
        if (limit > 0) {
            option.withLimit(limit);
        }
        if (revision > 0) {
            option.withRevision(revision);
        }
        ByteSequence from = startKey == null ? EtcdConversions.rangeStart(prefix) : EtcdConversions.bytes(startKey);
        GetResponse response;
        try {
            response = await(kv.get(from, option.build()), "range " + prefix);
        } catch (RevisionException e) {
            throw e.toStorageException(revision);
        }
        // etcd returns keys in byte order when no sort is asked for (asking would make it sort in memory).
        List<KeyValue> items = new ArrayList<>(response.getKvs().size());
        for (io.etcd.jetcd.KeyValue item : response.getKvs()) {
            items.add(EtcdConversions.keyValue(item));
        }
        long at = revision > 0 ? revision : response.getHeader().getRevision();
        return new RangeResult(items, at, response.isMore());
    }

    @Override
    public long create(String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        ByteSequence k = EtcdConversions.bytes(key);
        TxnResponse response = await(kv.txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .commit(), "create " + key);
        if (!response.isSucceeded()) {
            throw new KeyExistsException(key);
        }
        return response.getHeader().getRevision();
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        Objects.requireNonNull(value, "value");
        ByteSequence k = EtcdConversions.bytes(key);
        TxnResponse response = await(kv.txn()
                // "exists" too: with expected revision 0, "mod revision == 0" alone would create the key.
                .If(exists(k), new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "update " + key);
        if (!response.isSucceeded()) {
            throw refused(key, response);
        }
        return response.getHeader().getRevision();
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        ByteSequence k = EtcdConversions.bytes(key);
        Cmp[] conditions = expectedModRevision == 0
                ? new Cmp[] {exists(k)}
                : new Cmp[] {exists(k), new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedModRevision))};
        TxnResponse response = await(kv.txn()
                .If(conditions)
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "delete " + key);
        if (!response.isSucceeded()) {
            throw refused(key, response);
        }
        io.etcd.jetcd.KeyValue previous = response.getDeleteResponses().getFirst().getPrevKvs().getFirst();
        return new DeleteResult(EtcdConversions.keyValue(previous), response.getHeader().getRevision());
    }

    @Override
    public Watch watch(String prefix, long afterRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (afterRevision < 0) {
            throw new IllegalArgumentException("afterRevision must not be negative");
        }
        ensureOpen();
        // "From now on" is pinned to a concrete revision, so a re-watch after an outage resumes from it.
        long after = afterRevision == 0 ? currentRevision() : afterRevision;
        EtcdWatcher[] self = new EtcdWatcher[1];
        self[0] = new EtcdWatcher(client.getWatchClient(), prefix, after, listener, options,
                () -> watchers.remove(self[0]));
        watchers.add(self[0]);
        self[0].start();
        return self[0];
    }

    @Override
    public void compact(long revision) {
        try {
            await(kv.compact(revision), "compact " + revision);
        } catch (RevisionException e) {
            if (e.compacted) {
                // Already compacted at or beyond this revision: nothing to do, as for SQLite.
                return;
            }
            throw e.toStorageException(revision);
        }
    }

    @Override
    public long currentRevision() {
        // A count-only read of one key is the cheapest request that returns the header revision.
        return await(kv.get(EtcdConversions.ZERO, GetOption.builder().withCountOnly(true).build()), "current revision")
                .getHeader().getRevision();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EtcdWatcher watcher : List.copyOf(watchers)) {
            watcher.close();
        }
        client.close();
    }

    private static Cmp exists(ByteSequence key) {
        return new Cmp(key, Cmp.Op.GREATER, CmpTarget.createRevision(0));
    }

    /** Turns a failed conditional transaction into the matching exception, from its Else read. */
    private static StorageException refused(String key, TxnResponse response) {
        List<io.etcd.jetcd.KeyValue> current = response.getGetResponses().getFirst().getKvs();
        if (current.isEmpty()) {
            return new KeyNotFoundException(key);
        }
        return new ConflictException(EtcdConversions.keyValue(current.getFirst()));
    }

    private <T> T await(CompletableFuture<T> future, String what) {
        ensureOpen();
        try {
            return future.get(options.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StorageUnavailableException("etcd " + what + ": no answer within " + options.requestTimeout(), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("etcd " + what + ": interrupted", e);
        } catch (ExecutionException e) {
            if (EtcdErrors.isCompacted(e) || EtcdErrors.isFutureRevision(e)) {
                throw new RevisionException(EtcdErrors.isCompacted(e), e.getCause());
            }
            throw EtcdErrors.map(what, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StorageUnavailableException("etcd storage is closed", null);
        }
    }

    /**
     * etcd's "compacted" and "future revision" errors carry no numbers; this carries them to the
     * caller, which knows the requested revision and fills in the rest.
     */
    private final class RevisionException extends RuntimeException {
        private final boolean compacted;

        RevisionException(boolean compacted, Throwable cause) {
            super(cause.getMessage(), cause, false, false);
            this.compacted = compacted;
        }

        StorageException toStorageException(long requested) {
            if (compacted) {
                return new CompactedException(requested, compactProbe.compactedRevision());
            }
            return new FutureRevisionException(requested, currentRevision());
        }
    }
}

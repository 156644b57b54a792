package io.capstan.apiserver.storage.etcd;

import com.google.protobuf.ByteString;
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
import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The backend for a real etcd cluster. Conditional writes are single etcd transactions (compare
 * create/mod revision, then put or delete, else read the current value), so the compare-and-swap
 * is done by etcd itself. Reads, transactions and compaction are unary calls on etcd's generated
 * gRPC methods over an {@link EtcdChannel}, made from the caller's thread; watches (and the
 * compacted-revision probe) are gRPC streams on a second channel, so that a burst of events does not
 * queue behind or ahead of requests on one connection. Every call waits
 * at most the request timeout and then fails with {@link StorageUnavailableException}; a write
 * that timed out may still have been applied (etcd cannot tell), as with any etcd client.
 */
public final class EtcdStorage implements Storage {
    private static final Logger LOG = Logger.getLogger(EtcdStorage.class.getName());

    private final EtcdOptions options;
    private final EtcdEndpoints endpoints;
    private final EtcdChannel channel;
    private final EtcdChannel watchChannel;
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
     * Creates the channels; connections are made lazily by the first call.
     *
     * @param endpoints client URLs such as {@code http://127.0.0.1:2379}, all http or all https
     *                  (https: the members' certificates must be trusted by the JVM's default trust store)
     * @throws IllegalArgumentException when an endpoint is not such a URL
     */
    public EtcdStorage(List<String> endpoints, EtcdOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.endpoints = EtcdEndpoints.parse(endpoints);
        this.channel = new EtcdChannel(this.endpoints, options.requestTimeout());
        this.watchChannel = new EtcdChannel(this.endpoints, options.requestTimeout());
        this.compactProbe = new CompactRevisionProbe(watchChannel, options.requestTimeout());
        LOG.info(() -> "etcd storage for " + endpoints + " (request timeout " + options.requestTimeout() + ")");
    }

    @Override
    public KeyValue get(String key) {
        RangeResponse response = call(KVGrpc.getRangeMethod(),
                RangeRequest.newBuilder().setKey(EtcdConversions.key(key)).build(), true, "get " + key);
        return response.getKvsCount() == 0 ? null : EtcdConversions.keyValue(response.getKvs(0));
    }

    @Override
    public RangeResult range(String prefix, String startKey, int limit, long revision) {
        Objects.requireNonNull(prefix, "prefix");
        Keys.requireWithinPrefix(prefix, startKey);
        if (limit < 0 || revision < 0) {
            throw new IllegalArgumentException("limit and revision must not be negative");
        }
        // etcd returns keys in byte order when no sort is asked for (asking would make it sort in memory).
        RangeRequest request = rangeOf(prefix, startKey, revision).setLimit(limit).build();
        RangeResponse response;
        try {
            response = call(KVGrpc.getRangeMethod(), request, true, "range " + prefix);
        } catch (RevisionException e) {
            throw e.toStorageException(revision);
        }
        List<KeyValue> items = new ArrayList<>(response.getKvsCount());
        for (io.etcd.jetcd.api.KeyValue item : response.getKvsList()) {
            items.add(EtcdConversions.keyValue(item));
        }
        long at = revision > 0 ? revision : response.getHeader().getRevision();
        // etcd counts every key in [key, range_end) at the revision, whatever the limit, for free.
        long remaining = response.getMore() ? Math.max(1, response.getCount() - items.size()) : 0;
        return new RangeResult(items, at, response.getMore(), remaining);
    }

    @Override
    public long count(String prefix, String startKey, long revision) {
        Keys.requireCountable(prefix, startKey, revision);
        RangeRequest request = rangeOf(prefix, startKey, revision).setCountOnly(true).build();
        try {
            return call(KVGrpc.getRangeMethod(), request, true, "count " + prefix).getCount();
        } catch (RevisionException e) {
            throw e.toStorageException(revision);
        }
    }

    /** A range over the keys of {@code prefix} from {@code startKey} (or the prefix's start) at {@code revision}. */
    private static RangeRequest.Builder rangeOf(String prefix, String startKey, long revision) {
        return RangeRequest.newBuilder()
                .setKey(startKey == null ? EtcdConversions.rangeStartKey(prefix) : EtcdConversions.key(startKey))
                .setRangeEnd(EtcdConversions.rangeEndKey(prefix))
                .setRevision(revision);
    }

    @Override
    public long create(String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        ByteString k = EtcdConversions.key(key);
        TxnResponse response = txn(TxnRequest.newBuilder()
                .addCompare(createRevision(k, Compare.CompareResult.EQUAL))
                .addSuccess(put(k, value)), "create " + key);
        if (!response.getSucceeded()) {
            throw new KeyExistsException(key);
        }
        return response.getHeader().getRevision();
    }

    @Override
    public long update(String key, byte[] value, long expectedModRevision) {
        Objects.requireNonNull(value, "value");
        ByteString k = EtcdConversions.key(key);
        TxnResponse response = txn(TxnRequest.newBuilder()
                // "exists" too: with expected revision 0, "mod revision == 0" alone would create the key.
                .addCompare(createRevision(k, Compare.CompareResult.GREATER))
                .addCompare(modRevisionEquals(k, expectedModRevision))
                .addSuccess(put(k, value))
                .addFailure(get(k)), "update " + key);
        if (!response.getSucceeded()) {
            throw refused(key, response);
        }
        return response.getHeader().getRevision();
    }

    @Override
    public DeleteResult delete(String key, long expectedModRevision) {
        ByteString k = EtcdConversions.key(key);
        TxnRequest.Builder request = TxnRequest.newBuilder().addCompare(createRevision(k, Compare.CompareResult.GREATER));
        if (expectedModRevision != 0) {
            request.addCompare(modRevisionEquals(k, expectedModRevision));
        }
        TxnResponse response = txn(request
                .addSuccess(RequestOp.newBuilder().setRequestDeleteRange(
                        DeleteRangeRequest.newBuilder().setKey(k).setPrevKv(true)))
                .addFailure(get(k)), "delete " + key);
        if (!response.getSucceeded()) {
            throw refused(key, response);
        }
        io.etcd.jetcd.api.KeyValue previous = response.getResponses(0).getResponseDeleteRange().getPrevKvs(0);
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
        self[0] = new EtcdWatcher(watchChannel, prefix, after, listener, options,
                () -> watchers.remove(self[0]));
        watchers.add(self[0]);
        self[0].start();
        return self[0];
    }

    @Override
    public void compact(long revision) {
        try {
            call(KVGrpc.getCompactMethod(), CompactionRequest.newBuilder().setRevision(revision).build(), true,
                    "compact " + revision);
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
        RangeRequest request = RangeRequest.newBuilder().setKey(EtcdConversions.ZERO_KEY).setCountOnly(true).build();
        return call(KVGrpc.getRangeMethod(), request, true, "current revision").getHeader().getRevision();
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
        channel.close();
        watchChannel.close();
    }

    private static Compare createRevision(ByteString key, Compare.CompareResult result) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.CREATE).setResult(result)
                .setCreateRevision(0).build();
    }

    private static Compare modRevisionEquals(ByteString key, long revision) {
        return Compare.newBuilder().setKey(key).setTarget(Compare.CompareTarget.MOD)
                .setResult(Compare.CompareResult.EQUAL).setModRevision(revision).build();
    }

    private static RequestOp put(ByteString key, byte[] value) {
        return RequestOp.newBuilder()
                .setRequestPut(PutRequest.newBuilder().setKey(key).setValue(EtcdConversions.value(value)))
                .build();
    }

    private static RequestOp get(ByteString key) {
        return RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder().setKey(key)).build();
    }

    /** Turns a failed conditional transaction into the matching exception, from its Else read. */
    private static StorageException refused(String key, TxnResponse response) {
        RangeResponse current = response.getResponses(0).getResponseRange();
        if (current.getKvsCount() == 0) {
            return new KeyNotFoundException(key);
        }
        return new ConflictException(EtcdConversions.keyValue(current.getKvs(0)));
    }

    /** A transaction is a write: never sent twice. */
    private TxnResponse txn(TxnRequest.Builder request, String what) {
        return call(KVGrpc.getTxnMethod(), request.build(), false, what);
    }

    private <Q, R> R call(MethodDescriptor<Q, R> method, Q request, boolean idempotent, String what) {
        ensureOpen();
        try {
            return channel.call(method, request, idempotent);
        } catch (StatusRuntimeException e) {
            if (EtcdErrors.isCompacted(e) || EtcdErrors.isFutureRevision(e)) {
                throw new RevisionException(EtcdErrors.isCompacted(e), e);
            }
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.DEADLINE_EXCEEDED) {
                throw new StorageUnavailableException("etcd " + what + ": no answer within " + options.requestTimeout()
                        + "; check that etcd is running and reachable at " + endpoints.urls(), e);
            }
            if (code == Status.Code.UNAVAILABLE) {
                throw new StorageUnavailableException("etcd " + what + " failed: " + e.getMessage()
                        + "; check that etcd is running and reachable at " + endpoints.urls(), e);
            }
            if (code == Status.Code.CANCELLED && Thread.currentThread().isInterrupted()) {
                throw new StorageUnavailableException("etcd " + what + ": interrupted", e);
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

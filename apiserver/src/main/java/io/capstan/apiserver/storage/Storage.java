package io.capstan.apiserver.storage;

/**
 * A key-value store with etcd's semantics: one global, monotonically increasing revision; every
 * write creates a new revision; reads may be served at a past revision until it is compacted.
 * Keys follow upstream's layout ({@code /registry/pods/<namespace>/<name>}); values are opaque bytes
 * (JSON for the API server). Implementations are thread-safe.
 *
 * <p>Every implementation passes {@code StorageContractTest}.
 */
public interface Storage extends AutoCloseable {

    /**
     * Reads one key at the current revision.
     *
     * @return the key's value, or {@code null} when the key does not exist
     * @throws StorageUnavailableException when the backend cannot be reached
     */
    KeyValue get(String key);

    /**
     * Reads one key at a revision of the implementation's choosing that is not older than
     * {@code minRevision}: upstream's GET with a {@code resourceVersion} ({@code minRevision = 0} is
     * {@code resourceVersion=0}, "any"). A cache answers from memory, after waiting a little for
     * {@code minRevision}; a backend reads at its current revision.
     *
     * @return the key's value, or {@code null} when the key does not exist
     * @throws FutureRevisionException when {@code minRevision} is newer than the current revision
     */
    default KeyValue getNotOlderThan(String key, long minRevision) {
        long current = currentRevision();
        if (current < minRevision) {
            throw new FutureRevisionException(minRevision, current);
        }
        return get(key);
    }

    /**
     * Reads the keys that start with {@code prefix}, in key order.
     *
     * @param prefix   key prefix; {@code ""} matches everything
     * @param startKey first key to return (inclusive), or {@code null} to start at the prefix; used
     *                 for continue tokens, so it must also start with {@code prefix}
     * @param limit    maximum number of items, or {@code 0} for no limit
     * @param revision revision to read at, or {@code 0} for the current revision
     * @return the items, the revision read at, whether more items follow, and, when the backend counts
     *         for free (etcd), how many keys of the range follow them at that revision
     * @throws CompactedException when {@code revision} was compacted away
     * @throws FutureRevisionException when {@code revision} is newer than the current revision
     */
    RangeResult range(String prefix, String startKey, int limit, long revision);

    /**
     * Counts the keys that start with {@code prefix}, from {@code startKey} (inclusive) on, as
     * {@link #range} would return them at {@code revision}, without their values: etcd's
     * {@code count}. The API server's {@code remainingItemCount} of a page is the count from just after
     * the page's last key, at the page's revision. This default pages through {@link #range};
     * implementations count without reading values.
     *
     * @param revision revision to count at, or {@code 0} for the current revision
     * @throws CompactedException when {@code revision} was compacted away
     * @throws FutureRevisionException when {@code revision} is newer than the current revision
     */
    default long count(String prefix, String startKey, long revision) {
        long n = 0;
        String from = startKey;
        long at = revision;
        while (true) {
            RangeResult page = range(prefix, from, 1000, at);
            n += page.items().size();
            if (!page.more()) {
                return n;
            }
            at = page.revision();
            from = page.items().getLast().key() + "\u0000";
        }
    }

    /**
     * Reads like {@link #range} at a revision of the implementation's choosing that is not older than
     * {@code minRevision} (upstream's {@code resourceVersionMatch=NotOlderThan}; {@code minRevision = 0}
     * is {@code resourceVersion=0}, "any"). A cache answers from memory without asking the backend;
     * a backend reads at its current revision.
     *
     * @throws FutureRevisionException when {@code minRevision} is newer than the current revision
     */
    default RangeResult rangeNotOlderThan(String prefix, String startKey, int limit, long minRevision) {
        RangeResult r = range(prefix, startKey, limit, 0);
        if (r.revision() < minRevision) {
            throw new FutureRevisionException(minRevision, r.revision());
        }
        return r;
    }

    /**
     * Creates {@code key} only if it does not exist.
     *
     * @return the new revision, which is also the key's create and mod revision
     * @throws KeyExistsException when the key exists
     */
    long create(String key, byte[] value);

    /**
     * Replaces {@code key}'s value if its mod revision is still {@code expectedModRevision}
     * (compare-and-swap). Optimistic concurrency of the API server rests on this.
     *
     * @return the new revision
     * @throws KeyNotFoundException when the key does not exist
     * @throws ConflictException    when the key's mod revision differs; carries the current value
     */
    long update(String key, byte[] value, long expectedModRevision);

    /**
     * Deletes {@code key}, if {@code expectedModRevision} is {@code 0} or equals the key's mod revision.
     *
     * @return the deleted value (with its last revisions) and the revision of the deletion
     * @throws KeyNotFoundException when the key does not exist
     * @throws ConflictException    when the precondition fails; carries the current value
     */
    DeleteResult delete(String key, long expectedModRevision);

    /**
     * Watches the keys starting with {@code prefix}, delivering every change with a revision greater
     * than {@code afterRevision}, in revision order, exactly once, on one thread at a time. Delete
     * events carry the deleted value. The listener also receives progress notifications (a revision
     * up to which it has seen every change) at least every {@code progressInterval} of the backend.
     *
     * @param afterRevision deliver events after this revision; {@code 0} means "from now on"
     * @return a handle; closing it stops delivery (no event is delivered after {@code close} returns)
     * @throws CompactedException when {@code afterRevision} is older than the compacted revision
     *                            (may instead be delivered through {@link WatchListener#onError})
     */
    Watch watch(String prefix, long afterRevision, WatchListener listener);

    /**
     * Discards history older than {@code revision}; reads and watches at older revisions then fail
     * with {@link CompactedException}. Current values are never lost. Must not block writes for long.
     */
    void compact(long revision);

    /** The revision of the latest write (or of the last compaction point, if nothing was written since). */
    long currentRevision();

    /** Releases connections and files. Watches end with {@link WatchListener#onClosed()}. */
    @Override
    void close();
}

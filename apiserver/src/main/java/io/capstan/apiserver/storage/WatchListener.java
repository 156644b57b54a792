package io.capstan.apiserver.storage;

/** Receives a watch's events. Calls for one watch never overlap. */
public interface WatchListener {

    /** A change, in revision order. */
    void onEvent(WatchEvent event);

    /** Every change up to {@code revision} has been delivered (etcd's progress notify). */
    default void onProgress(long revision) {
    }

    /** The watch failed and ends (for example {@link CompactedException}); no call follows. */
    void onError(StorageException error);

    /** The watch ended because it or the storage was closed; no call follows. */
    default void onClosed() {
    }
}

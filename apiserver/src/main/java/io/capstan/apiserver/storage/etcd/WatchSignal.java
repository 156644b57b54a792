package io.capstan.apiserver.storage.etcd;

import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.WatchEvent;
import io.capstan.apiserver.storage.support.SerialListener;

/** What the etcd client thread hands to a watch's delivery thread, in arrival order. */
sealed interface WatchSignal {

    /** A change. */
    record Event(WatchEvent event) implements WatchSignal {
    }

    /** etcd's answer to a progress request: its current revision. */
    record Progress(long revision) implements WatchSignal {
    }

    /** The watch cannot continue (compacted, refused); ends it. */
    record Failure(StorageException error) implements WatchSignal {
    }

    /** The stream broke; the delivery thread re-watches after the last delivered event. */
    record Disconnected(Throwable cause) implements WatchSignal {
    }

    /** Approximate memory held, for the queue bound. */
    static long sizeOf(WatchSignal signal) {
        return signal instanceof Event e ? SerialListener.sizeOf(e.event()) : 64;
    }
}

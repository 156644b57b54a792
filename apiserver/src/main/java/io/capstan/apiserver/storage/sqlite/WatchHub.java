package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.WatchEvent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live feed: after each commit the writer publishes the new row here, still holding the write
 * lock, so events reach the watchers' queues in revision order. A watcher <em>attaches</em> at the
 * last published revision; everything after it arrives through its queue and everything up to it
 * is in the table, which is what makes the switch from catch-up to live gap- and duplicate-free.
 */
final class WatchHub {
    private final List<SqliteWatcher> attached = new ArrayList<>();
    private final Set<SqliteWatcher> open = ConcurrentHashMap.newKeySet();
    private long published;

    WatchHub(long revision) {
        this.published = revision;
    }

    /**
     * Starts (or restarts, after an overflow) feeding a watcher with an empty queue.
     *
     * @return the last published revision: the watcher must read the rows up to it from the table
     */
    synchronized long attach(SqliteWatcher watcher) {
        watcher.queue().reset();
        if (!attached.contains(watcher)) {
            attached.add(watcher);
        }
        open.add(watcher);
        return published;
    }

    /** Stops feeding a watcher. */
    synchronized void detach(SqliteWatcher watcher) {
        attached.remove(watcher);
    }

    /** Forgets a closed watcher. */
    void forget(SqliteWatcher watcher) {
        detach(watcher);
        open.remove(watcher);
    }

    /**
     * Hands a committed change to every matching watcher. A watcher whose queue overflows is
     * detached; it re-attaches after re-reading what it missed from the table.
     */
    synchronized void publish(WatchEvent event) {
        String key = event.kv().key();
        for (Iterator<SqliteWatcher> it = attached.iterator(); it.hasNext(); ) {
            SqliteWatcher watcher = it.next();
            if (key.startsWith(watcher.prefix()) && !watcher.queue().offer(event)) {
                it.remove();
            }
        }
        // Set after the queues were fed: a watcher that reads this revision and then finds its queue
        // empty has delivered every change up to it (see SqliteWatcher's progress notifications).
        published = event.revision();
    }

    /** The revision of the last published change. */
    synchronized long published() {
        return published;
    }

    /** The watchers not yet closed. */
    List<SqliteWatcher> open() {
        return List.copyOf(open);
    }
}

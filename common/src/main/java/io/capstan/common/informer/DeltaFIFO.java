package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A queue of changes, as client-go's {@code DeltaFIFO}: the {@link Reflector} writes to it as to a
 * {@link Store}; each key is queued once with all its changes in order, and {@link #pop} hands them to
 * one consumer. Keys leave in the order they first changed; a key's deltas stay in the order they
 * happened, which is the resourceVersion order of the watch.
 *
 * <p>{@code knownObjects} is the consumer's cache: a relist that no longer holds a known object
 * queues a DELETED delta for it, so deletions missed while the watch was down are still delivered.
 *
 * @param <T> the object type
 */
public final class DeltaFIFO<T extends HasMetadata> implements Store<T> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Map<String, List<Delta<T>>> items = new HashMap<>();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Store<T> knownObjects;
    private boolean populated;
    private int initialPopulationCount;
    private boolean closed;

    /** @param knownObjects the consumer's cache of what it has seen, or null */
    public DeltaFIFO(Store<T> knownObjects) {
        this.knownObjects = knownObjects;
    }

    @Override
    public void add(T object) {
        lock.lock();
        try {
            populated = true;
            queueAction(DeltaType.ADDED, object);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void update(T object) {
        lock.lock();
        try {
            populated = true;
            queueAction(DeltaType.UPDATED, object);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(T object) {
        String key = Store.key(object);
        lock.lock();
        try {
            populated = true;
            boolean known = knownObjects != null && knownObjects.getByKey(key).isPresent();
            if (!known && !items.containsKey(key)) {
                return; // never seen, and not queued: nothing to tell anyone
            }
            queueAction(DeltaType.DELETED, object);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void replace(List<T> objects, String resourceVersion) {
        lock.lock();
        try {
            Set<String> keys = new HashSet<>();
            for (T o : objects) {
                keys.add(Store.key(o));
                queueAction(DeltaType.REPLACED, o);
            }
            // Whatever the consumer knows, or we still hold, that the list no longer has was deleted.
            Map<String, T> gone = new HashMap<>();
            if (knownObjects != null) {
                for (T o : knownObjects.list()) {
                    gone.put(Store.key(o), o);
                }
            }
            for (Map.Entry<String, List<Delta<T>>> e : items.entrySet()) {
                Delta<T> newest = e.getValue().getLast();
                if (newest.type() != DeltaType.DELETED) {
                    gone.putIfAbsent(e.getKey(), newest.object());
                }
            }
            gone.keySet().removeAll(keys);
            gone.values().forEach(o -> queueAction(DeltaType.DELETED, o));
            if (!populated) {
                populated = true;
                initialPopulationCount = queue.size();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resync() {
        if (knownObjects == null) {
            return;
        }
        lock.lock();
        try {
            for (T o : knownObjects.list()) {
                // A key with queued deltas is about to be delivered anyway.
                if (!items.containsKey(Store.key(o))) {
                    queueAction(DeltaType.SYNC, o);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private void queueAction(DeltaType type, T object) {
        String key = Store.key(object);
        List<Delta<T>> deltas = items.get(key);
        if (deltas == null) {
            deltas = new ArrayList<>();
            items.put(key, deltas);
            queue.addLast(key);
        }
        // Two deletions in a row say the same thing; keep the first (client-go's dedupDeltas).
        if (type == DeltaType.DELETED && !deltas.isEmpty() && deltas.getLast().type() == DeltaType.DELETED) {
            return;
        }
        deltas.add(new Delta<>(type, object));
        notEmpty.signal();
    }

    /**
     * Blocks until a key has deltas, removes them and passes them, oldest first, to {@code process}.
     * Only one thread should pop, so that a key's deltas are processed in order. {@code process} runs
     * with the queue locked, so producers wait for it: keep it quick.
     *
     * @return false when the queue was closed
     */
    public boolean pop(Consumer<List<Delta<T>>> process) throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                notEmpty.await();
            }
            if (closed) {
                return false;
            }
            List<Delta<T>> deltas = items.remove(queue.pollFirst());
            // Processed under the lock, as client-go's Pop does: between taking a key's deltas and the
            // consumer caching them, the key is in neither items nor knownObjects, so a delete() or
            // replace() arriving then would think the object unknown and drop its deletion for good.
            try {
                process.accept(deltas);
            } finally {
                // Counted down after processing, so hasSynced means "the first list reached the consumer".
                if (initialPopulationCount > 0) {
                    initialPopulationCount--;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** True once the first {@link #replace} (or any add) happened and the first list was popped. */
    public boolean hasSynced() {
        lock.lock();
        try {
            return populated && initialPopulationCount == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the consumer; {@link #pop} returns false from now on. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The newest state of each queued key. */
    @Override
    public List<T> list() {
        lock.lock();
        try {
            return items.values().stream().map(d -> d.getLast().object()).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> listKeys() {
        lock.lock();
        try {
            return new ArrayList<>(items.keySet());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<T> getByKey(String key) {
        lock.lock();
        try {
            List<Delta<T>> d = items.get(key);
            return d == null ? Optional.empty() : Optional.of(d.getLast().object());
        } finally {
            lock.unlock();
        }
    }
}

package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * An in-memory {@link Indexer} guarded by a read-write lock, as client-go's {@code threadSafeMap}.
 *
 * @param <T> the object type
 */
public final class ThreadSafeIndexer<T extends HasMetadata> implements Indexer<T> {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, T> items = new HashMap<>();
    private final Map<String, Function<T, List<String>>> indexers = new HashMap<>();
    /** index name → indexed value → keys. */
    private final Map<String, Map<String, Set<String>>> indices = new HashMap<>();

    /** An indexer with only the namespace index. */
    public ThreadSafeIndexer() {
        this(Map.of());
    }

    /** An indexer with the namespace index and {@code extra} indexes (name → values of an object). */
    public ThreadSafeIndexer(Map<String, Function<T, List<String>>> extra) {
        indexers.put(NAMESPACE_INDEX, o -> {
            String ns = o.getMetadata().getNamespace();
            return ns == null || ns.isEmpty() ? List.of() : List.of(ns);
        });
        indexers.putAll(extra);
        indexers.keySet().forEach(n -> indices.put(n, new HashMap<>()));
    }

    @Override
    public void addIndexers(Map<String, Function<T, List<String>>> extra) {
        lock.writeLock().lock();
        try {
            for (String name : extra.keySet()) {
                if (indexers.containsKey(name)) {
                    throw new IllegalArgumentException("indexer conflict: " + name);
                }
            }
            for (Map.Entry<String, Function<T, List<String>>> e : extra.entrySet()) {
                indexers.put(e.getKey(), e.getValue());
                Map<String, Set<String>> index = new HashMap<>();
                indices.put(e.getKey(), index);
                items.forEach((key, o) -> {
                    for (String v : e.getValue().apply(o)) {
                        index.computeIfAbsent(v, x -> new HashSet<>()).add(key);
                    }
                });
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void add(T object) {
        String key = Store.key(object);
        lock.writeLock().lock();
        try {
            T old = items.put(key, object);
            reindex(key, old, object);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void update(T object) {
        add(object);
    }

    @Override
    public void delete(T object) {
        String key = Store.key(object);
        lock.writeLock().lock();
        try {
            T old = items.remove(key);
            reindex(key, old, null);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void replace(List<T> objects, String resourceVersion) {
        lock.writeLock().lock();
        try {
            items.clear();
            indices.values().forEach(Map::clear);
            for (T o : objects) {
                String key = Store.key(o);
                T old = items.put(key, o);
                reindex(key, old, o);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<T> list() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(items.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> listKeys() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(items.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Optional<T> getByKey(String key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(items.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void resync() {
        // Nothing to deliver: a plain store has no consumers.
    }

    @Override
    public List<T> byIndex(String indexName, String indexedValue) {
        lock.readLock().lock();
        try {
            Map<String, Set<String>> index = indices.get(indexName);
            if (index == null) {
                throw new IllegalArgumentException("index \"" + indexName + "\" does not exist");
            }
            List<T> out = new ArrayList<>();
            for (String key : index.getOrDefault(indexedValue, Set.of())) {
                out.add(items.get(key));
            }
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Moves {@code key} from the old object's index values to the new one's; caller holds the write lock. */
    private void reindex(String key, T old, T current) {
        for (Map.Entry<String, Function<T, List<String>>> e : indexers.entrySet()) {
            Map<String, Set<String>> index = indices.get(e.getKey());
            if (old != null) {
                for (String v : e.getValue().apply(old)) {
                    Set<String> keys = index.get(v);
                    if (keys != null) {
                        keys.remove(key);
                        if (keys.isEmpty()) {
                            index.remove(v);
                        }
                    }
                }
            }
            if (current != null) {
                for (String v : e.getValue().apply(current)) {
                    index.computeIfAbsent(v, k -> new HashSet<>()).add(key);
                }
            }
        }
    }
}

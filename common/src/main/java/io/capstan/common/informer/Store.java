package io.capstan.common.informer;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.List;
import java.util.Optional;

/**
 * A thread-safe store of objects keyed by {@link #key(HasMetadata)} ({@code namespace/name}, or
 * {@code name} for cluster-scoped objects), as client-go's {@code cache.Store}. The
 * {@link Reflector} writes into it; informers and listers read from it.
 *
 * @param <T> the object type
 */
public interface Store<T extends HasMetadata> {

    /** Inserts or replaces the object under its key. */
    void add(T object);

    /** Same as {@link #add}; kept apart because a queue of changes records the difference. */
    void update(T object);

    /** Removes the object's key. */
    void delete(T object);

    /**
     * Replaces the whole content with {@code objects}, as seen at {@code resourceVersion}; objects
     * not in the list are deleted.
     */
    void replace(List<T> objects, String resourceVersion);

    /** A snapshot of all objects. */
    List<T> list();

    /** A snapshot of all keys. */
    List<String> listKeys();

    /** The object stored under {@code key}. */
    Optional<T> getByKey(String key);

    /** Asks for every known object to be delivered again (a no-op for a plain store). */
    void resync();

    /** client-go's {@code MetaNamespaceKeyFunc}: {@code namespace/name}, or {@code name} without a namespace. */
    static String key(HasMetadata object) {
        String ns = object.getMetadata().getNamespace();
        String name = object.getMetadata().getName();
        return ns == null || ns.isEmpty() ? name : ns + "/" + name;
    }
}

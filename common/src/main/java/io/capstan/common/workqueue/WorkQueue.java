package io.capstan.common.workqueue;

/**
 * A queue of work items with client-go's guarantees:
 * <ul>
 *   <li>an item queued several times before a worker takes it is processed once (deduplication);</li>
 *   <li>an item is never processed by two workers at once: between {@link #get()} and {@link #done}
 *       it is "processing", and an {@link #add} meanwhile only marks it dirty;</li>
 *   <li>a dirty item is queued again by {@link #done}, so a change seen while processing is not lost.</li>
 * </ul>
 * Items must have value semantics ({@code equals}/{@code hashCode}); keys such as {@code ns/name} are typical.
 *
 * @param <T> the item type
 */
public interface WorkQueue<T> {

    /** Queues {@code item} unless it is already queued; marks it dirty if it is being processed. */
    void add(T item);

    /** The number of queued items (not counting those being processed). */
    int len();

    /**
     * Blocks until an item is available and marks it processing.
     *
     * @return the item, or null once the queue is shut down and drained
     */
    T get() throws InterruptedException;

    /** Marks {@code item} processed; queues it again if it was added meanwhile. */
    void done(T item);

    /** Stops the queue: {@link #add} is ignored, {@link #get()} returns null once the queue is empty. */
    void shutDown();

    /** True after {@link #shutDown()}. */
    boolean shuttingDown();
}

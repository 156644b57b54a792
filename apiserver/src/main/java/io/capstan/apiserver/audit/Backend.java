package io.capstan.apiserver.audit;

/**
 * Where audit events go, as upstream's {@code audit.Backend}.
 */
public interface Backend extends AutoCloseable {
    /**
     * Records one event at its current stage. The event keeps changing after this returns, so an implementation
     * takes what it needs before returning. Never throws: a failure to record is logged and the request goes on,
     * as upstream's backends do.
     */
    void processEvent(Event event);

    /** Writes out whatever is buffered and releases the backend's resources; later events are dropped. */
    @Override
    void close();
}

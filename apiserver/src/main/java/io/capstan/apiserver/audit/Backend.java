package io.capstan.apiserver.audit;

/**
 * Where audit events go, as upstream's {@code audit.Backend}.
 */
public interface Backend extends AutoCloseable {
    /**
     * Records one event at its current stage. The event keeps changing after this returns, so an implementation
     * takes what it needs before returning. Never throws: a failure to record is logged.
     *
     * @return false when the event could not be recorded (upstream's {@code ProcessEvents}); the audit filter then
     *         fails a request whose {@code RequestReceived} event was lost, which {@link IgnoreErrorsBackend}
     *         (the {@code blocking} mode) prevents
     */
    boolean processEvent(Event event);

    /** Writes out whatever is buffered and releases the backend's resources; later events are dropped. */
    @Override
    void close();
}

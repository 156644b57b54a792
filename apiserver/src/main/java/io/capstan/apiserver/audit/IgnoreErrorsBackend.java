package io.capstan.apiserver.audit;

/**
 * Upstream's {@code ignoreErrorsBackend} ({@code --audit-log-mode=blocking}): the delegate's failures are logged by it
 * and never fail a request.
 */
public final class IgnoreErrorsBackend implements Backend {
    private final Backend delegate;

    public IgnoreErrorsBackend(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean processEvent(Event event) {
        delegate.processEvent(event);
        return true;
    }

    @Override
    public void close() {
        delegate.close();
    }
}

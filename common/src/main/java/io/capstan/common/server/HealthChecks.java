package io.capstan.common.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The checks a service reports on {@code /livez}, {@code /readyz} and {@code /healthz}, as upstream
 * does: {@code ping} on all of them, and a {@code shutdown} readiness check that fails once the
 * service has been asked to stop, so load balancers drain it first.
 */
public final class HealthChecks {
    private final Map<String, HealthCheck> liveness = new LinkedHashMap<>();
    private final Map<String, HealthCheck> readiness = new LinkedHashMap<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    public HealthChecks() {
        liveness.put("ping", () -> null);
        readiness.put("ping", () -> null);
        readiness.put("shutdown", () -> shuttingDown.get() ? "process is shutting down" : null);
    }

    /** Adds a check to both {@code /livez} and {@code /readyz}. */
    public synchronized HealthChecks addLiveness(String name, HealthCheck check) {
        liveness.put(name, check);
        readiness.put(name, check);
        return this;
    }

    /** Adds a check to {@code /readyz} only. */
    public synchronized HealthChecks addReadiness(String name, HealthCheck check) {
        readiness.put(name, check);
        return this;
    }

    /** Marks the process as shutting down: {@code /readyz} fails from now on. */
    public void shutdown() {
        shuttingDown.set(true);
    }

    synchronized Map<String, HealthCheck> checks(String kind) {
        return switch (kind) {
            case "livez" -> new LinkedHashMap<>(liveness);
            case "readyz", "healthz" -> new LinkedHashMap<>(readiness);
            default -> throw new IllegalArgumentException(kind);
        };
    }
}

package io.capstan.common.server;

/** One named check behind {@code /livez} or {@code /readyz}; returns null when healthy, else the reason. */
@FunctionalInterface
public interface HealthCheck {
    /** @return {@code null} when healthy, otherwise a short reason shown in the logs */
    String check();
}

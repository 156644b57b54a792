package io.capstan.common.server;

import io.helidon.config.Config;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRules;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;

/**
 * What one Capstan program (API server, aggregator, controller manager, scheduler) tells
 * {@link ServiceLauncher}: its name, its flags, and how to start it.
 */
public interface CapstanService {

    /** Short name used in logs and {@code --help}, e.g. {@code capstan-apiserver}. */
    String name();

    /** One paragraph for {@code --help}. */
    String description();

    /** Flags beyond the common ones ({@code --bind-address}, {@code --secure-port}, {@code --v}, ...). */
    List<Flag> flags();

    /**
     * Starts the service's work. Called once, before the HTTP server listens.
     *
     * @param config  the merged configuration (flags over {@code application.yaml})
     * @param health  add liveness and readiness checks here
     * @param metrics the process's meter registry, served on {@code /metrics}
     * @return the running service
     * @throws Exception when it cannot start; the process then exits with a message
     */
    Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) throws Exception;

    /** A started service. */
    interface Running extends AutoCloseable {

        /**
         * The service's filters, outermost first. They run before every route, health and metrics included
         * (upstream authenticates and authorizes {@code /healthz} and {@code /metrics} too).
         */
        default List<Filter> filters() {
            return List.of();
        }

        /** Registers the service's own HTTP routes (after health and metrics). */
        default void routing(HttpRules rules) {
        }

        /** Called on SIGTERM before the HTTP server stops: end long-running requests cleanly. */
        default void beforeStop() {
        }

        /** Releases everything; called after the HTTP server stopped. */
        @Override
        void close();
    }
}

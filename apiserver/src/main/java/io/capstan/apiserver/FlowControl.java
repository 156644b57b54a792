package io.capstan.apiserver;

import io.capstan.apiserver.filters.MaxInFlightFilter;
import io.capstan.apiserver.filters.PriorityAndFairnessFilter;
import io.capstan.apiserver.filters.TimeoutFilter;
import io.capstan.apiserver.flowcontrol.ConfigController;
import io.capstan.apiserver.flowcontrol.ConfigurationEnsurer;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.server.GoDuration;
import io.capstan.common.server.HealthChecks;
import io.helidon.config.Config;
import io.helidon.webserver.http.Filter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * The API server's flow control, built from its flags: the request timeout, and either API Priority and
 * Fairness (its bootstrap objects ensured, its configuration read from storage, readiness check
 * {@code poststarthook/priority-and-fairness-config-producer}) or, with
 * {@code --enable-priority-and-fairness=false}, the plain max-in-flight limits.
 */
final class FlowControl implements AutoCloseable {
    private static final GroupVersionResource FLOW_SCHEMAS =
            new GroupVersionResource("flowcontrol.apiserver.k8s.io", "v1", "flowschemas");
    private static final GroupVersionResource PRIORITY_LEVELS =
            new GroupVersionResource("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations");

    private final TimeoutFilter timeout;
    private final Filter filter;
    private final ConfigurationEnsurer ensurer;
    private final ConfigController controller;

    private FlowControl(TimeoutFilter timeout, Filter filter, ConfigurationEnsurer ensurer, ConfigController controller) {
        this.timeout = timeout;
        this.filter = filter;
        this.ensurer = ensurer;
        this.controller = controller;
    }

    static FlowControl start(Config config, ResourceRegistry registry, HealthChecks health, MeterRegistry metrics) {
        Duration requestTimeout = GoDuration.parse(config.get("server.request-timeout").asString().orElse("1m0s"));
        TimeoutFilter timeout = new TimeoutFilter(requestTimeout);
        int maxInFlight = config.get("server.max-requests-inflight").asInt().orElse(400);
        int maxMutating = config.get("server.max-mutating-requests-inflight").asInt().orElse(200);
        if (!config.get("server.enable-priority-and-fairness").asBoolean().orElse(true)) {
            return new FlowControl(timeout, new MaxInFlightFilter(maxInFlight, maxMutating, metrics), null, null);
        }
        GenericStore flowSchemas = registry.store(FLOW_SCHEMAS);
        GenericStore priorityLevels = registry.store(PRIORITY_LEVELS);
        ConfigurationEnsurer ensurer = new ConfigurationEnsurer(flowSchemas, priorityLevels);
        ensurer.start();
        ConfigController controller = new ConfigController(Math.max(1, maxInFlight + maxMutating));
        controller.start(flowSchemas, priorityLevels, Duration.ofSeconds(1));
        health.addReadiness("poststarthook/priority-and-fairness-config-producer",
                () -> ensurer.done() && controller.synced() ? null : "priority-and-fairness configuration not loaded yet");
        // Upstream lets a request wait in its queue at most a quarter of the request timeout.
        Filter apf = new PriorityAndFairnessFilter(controller, requestTimeout.dividedBy(4), metrics);
        return new FlowControl(timeout, apf, ensurer, controller);
    }

    /** The request timeout filter, outermost of the security filters. */
    TimeoutFilter timeout() {
        return timeout;
    }

    /** Priority and fairness, or max in flight. */
    Filter filter() {
        return filter;
    }

    @Override
    public void close() {
        if (controller != null) {
            controller.close();
        }
        if (ensurer != null) {
            ensurer.close();
        }
    }
}

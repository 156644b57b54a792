package io.capstan.apiserver.filters;

import io.capstan.apiserver.flowcontrol.Classification;
import io.capstan.apiserver.flowcontrol.ConfigController;
import io.capstan.apiserver.flowcontrol.QueueSet;
import io.capstan.apiserver.flowcontrol.RequestDigest;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Upstream's {@code WithPriorityAndFairness} (API Priority and Fairness): classifies each request by
 * the user that authentication and impersonation left in its {@link RequestContext} into a FlowSchema and
 * priority level ({@link ConfigController}), then admits it through that level's {@link QueueSet}:
 * exempt levels run everything, limited ones queue fairly or reject with 429 and {@code Retry-After: 1}.
 * The response names the FlowSchema and priority level in {@code X-Kubernetes-PF-FlowSchema-UID} and
 * {@code X-Kubernetes-PF-PriorityLevel-UID}. Long-running requests are not held: watches are classified
 * and named in those headers (upstream also charges them a seat while they initialize), proxy, exec and
 * the like pass untouched. A request waits in its queue at most
 * {@code waitLimit} (upstream: a quarter of {@code --request-timeout}).
 *
 * <p>Metrics with upstream's names: {@code apiserver_flowcontrol_current_executing_requests},
 * {@code apiserver_flowcontrol_current_inqueue_requests}, {@code apiserver_flowcontrol_dispatched_requests_total},
 * {@code apiserver_flowcontrol_rejected_requests_total} (reason {@code queue-full},
 * {@code concurrency-limit}, {@code time-out}), {@code apiserver_flowcontrol_request_wait_duration_seconds}
 * and {@code apiserver_flowcontrol_nominal_limit_seats}.
 */
public final class PriorityAndFairnessFilter implements Filter {
    /** The response header naming the matched FlowSchema's UID. */
    public static final HeaderName FLOW_SCHEMA_UID = HeaderNames.create("X-Kubernetes-PF-FlowSchema-UID");
    /** The response header naming the priority level's UID. */
    public static final HeaderName PRIORITY_LEVEL_UID = HeaderNames.create("X-Kubernetes-PF-PriorityLevel-UID");

    private final ConfigController controller;
    private final Duration waitLimit;
    private final MeterRegistry metrics;
    private final Map<Flow, AtomicInteger> executing = new ConcurrentHashMap<>();
    private final Map<Flow, AtomicInteger> inQueue = new ConcurrentHashMap<>();
    private final Map<Flow, Dispatched> dispatched = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> waits = new ConcurrentHashMap<>();
    private final Map<String, Boolean> nominalGauges = new ConcurrentHashMap<>();

    public PriorityAndFairnessFilter(ConfigController controller, Duration waitLimit, MeterRegistry metrics) {
        this.controller = controller;
        this.waitLimit = waitLimit;
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestContext ctx = RequestContext.of(req);
        boolean watch = ctx.resourceRequest() && ctx.verb().equals("watch");
        if (ctx.longRunning() && !watch) {
            chain.proceed();
            return;
        }
        Classification c = controller.classify(RequestDigest.of(ctx));
        String pl = c.priorityLevel().name();
        String fs = c.flowSchema();
        res.header(FLOW_SCHEMA_UID, c.flowSchemaUid());
        res.header(PRIORITY_LEVEL_UID, c.priorityLevel().uid());
        if (watch) {
            // Classified and named, but not held: upstream charges a watch only while it initializes.
            chain.proceed();
            return;
        }
        registerNominalLimit(pl);
        registerNominalLimits();
        QueueSet qs = c.priorityLevel().queueSet();
        Flow flow = new Flow(pl, fs);
        AtomicInteger queued = gauge(inQueue, "apiserver.flowcontrol.current.inqueue.requests", flow);
        QueueSet.Admission admission;
        queued.incrementAndGet();
        try {
            admission = qs.admit(c.flowHash(), waitLimit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            queued.decrementAndGet();
        }
        if (!admission.executes()) {
            String reason = switch (admission.outcome()) {
                case REJECTED_QUEUE_FULL -> "queue-full";
                case REJECTED_TIME_OUT -> "time-out";
                default -> "concurrency-limit";
            };
            wait(pl, fs, false).record(admission.waitNanos(), TimeUnit.NANOSECONDS);
            counter("apiserver.flowcontrol.rejected.requests", pl, fs, reason).increment();
            TooManyRequests.send(res, 1);
            return;
        }
        // One lookup for the meters of every dispatched request of this flow (registered by its first one).
        Dispatched d = dispatched.computeIfAbsent(flow, f -> new Dispatched(wait(pl, fs, true),
                counter("apiserver.flowcontrol.dispatched.requests", pl, fs, null),
                gauge(executing, "apiserver.flowcontrol.current.executing.requests", f)));
        d.waits().record(admission.waitNanos(), TimeUnit.NANOSECONDS);
        d.requests().increment();
        AtomicInteger running = d.executing();
        running.incrementAndGet();
        try {
            chain.proceed();
        } finally {
            running.decrementAndGet();
            qs.finish(admission);
        }
    }

    /** Every configured level's gauge, as upstream exports them all (not only those a request has reached). */
    private void registerNominalLimits() {
        var levels = controller.priorityLevels();
        if (nominalGauges.size() < levels.size()) {
            levels.keySet().forEach(this::registerNominalLimit);
        }
    }

    private void registerNominalLimit(String pl) {
        if (nominalGauges.putIfAbsent(pl, Boolean.TRUE) == null) {
            Gauge.builder("apiserver.flowcontrol.nominal.limit.seats", () -> {
                        var level = controller.priorityLevels().get(pl);
                        return level == null || level.exempt() ? 0 : level.queueSet().concurrencyLimit();
                    })
                    .tag("priority_level", pl).strongReference(true).register(metrics);
        }
    }

    /** A priority level and flow schema: what the per-flow meters are tagged with. */
    private record Flow(String priorityLevel, String flowSchema) {
    }

    /** The meters a dispatched request of one flow updates. */
    private record Dispatched(Timer waits, Counter requests, AtomicInteger executing) {
    }

    private AtomicInteger gauge(Map<Flow, AtomicInteger> map, String name, Flow flow) {
        return map.computeIfAbsent(flow, k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(name, value, AtomicInteger::get).tag("priority_level", k.priorityLevel()).tag("flow_schema", k.flowSchema())
                    .strongReference(true).register(metrics);
            return value;
        });
    }

    private Counter counter(String name, String pl, String fs, String reason) {
        return counters.computeIfAbsent(name + '\u0000' + pl + '\u0000' + fs + '\u0000' + reason, k -> {
            Counter.Builder b = Counter.builder(name).tag("priority_level", pl).tag("flow_schema", fs);
            if (reason != null) {
                b.tag("reason", reason);
            }
            return b.register(metrics);
        });
    }

    private Timer wait(String pl, String fs, boolean execute) {
        return waits.computeIfAbsent(pl + '\u0000' + fs + '\u0000' + execute, k -> Timer.builder("apiserver.flowcontrol.request.wait.duration")
                .tag("priority_level", pl).tag("flow_schema", fs).tag("execute", Boolean.toString(execute))
                .publishPercentileHistogram().register(metrics));
    }
}

package io.capstan.apiserver.filters;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Upstream's {@code WithMaxInFlightLimit} (maxinflight.go), used when priority and fairness is off: at
 * most {@code --max-requests-inflight} read-only ({@code get}, {@code list}, {@code watch}) and
 * {@code --max-mutating-requests-inflight} other requests run at once; the next one gets 429 with
 * {@code Retry-After: 1}. Long-running requests are not counted, and members of {@code system:masters}
 * pass even when the limit is reached, as upstream. A limit of 0 means no limit.
 */
public final class MaxInFlightFilter implements Filter {
    private static final Set<String> NON_MUTATING_VERBS = Set.of("get", "list", "watch");

    private final Semaphore readOnly;
    private final Semaphore mutating;

    public MaxInFlightFilter(int maxRequestsInFlight, int maxMutatingRequestsInFlight, MeterRegistry metrics) {
        this.readOnly = maxRequestsInFlight > 0 ? new Semaphore(maxRequestsInFlight) : null;
        this.mutating = maxMutatingRequestsInFlight > 0 ? new Semaphore(maxMutatingRequestsInFlight) : null;
        if (readOnly != null) {
            metrics.gauge("apiserver_current_inflight_requests", List.of(Tag.of("request_kind", "readOnly")),
                    readOnly, s -> maxRequestsInFlight - s.availablePermits());
        }
        if (mutating != null) {
            metrics.gauge("apiserver_current_inflight_requests", List.of(Tag.of("request_kind", "mutating")),
                    mutating, s -> maxMutatingRequestsInFlight - s.availablePermits());
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestContext ctx = RequestContext.of(req);
        if (ctx.longRunning()) {
            chain.proceed();
            return;
        }
        Semaphore limit = NON_MUTATING_VERBS.contains(ctx.verb()) ? readOnly : mutating;
        if (limit == null) {
            chain.proceed();
            return;
        }
        if (!limit.tryAcquire()) {
            if (ctx.user().groups().contains("system:masters")) {
                chain.proceed();
                return;
            }
            TooManyRequests.send(res, 1);
            return;
        }
        try {
            chain.proceed();
        } finally {
            limit.release();
        }
    }
}

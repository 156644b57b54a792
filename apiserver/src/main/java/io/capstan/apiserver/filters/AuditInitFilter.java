package io.capstan.apiserver.filters;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Upstream's {@code WithAuditInit}: every request gets an audit ID (the client's {@code Audit-ID} header, or a new
 * UUID; see {@link RequestContext#auditId()}), echoed in the {@code Audit-Id} response header. It runs outermost,
 * so that requests refused before the audit filter (401, 429, timeouts) carry the header too.
 */
public final class AuditInitFilter implements Filter {
    static final io.helidon.http.HeaderName AUDIT_ID = HeaderNames.create("Audit-Id");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!res.headers().contains(AUDIT_ID)) {
            res.header(AUDIT_ID, RequestContext.of(req).auditId());
        }
        chain.proceed();
    }
}

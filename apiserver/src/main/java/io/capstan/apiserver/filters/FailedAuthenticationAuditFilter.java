package io.capstan.apiserver.filters;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.audit.Backend;
import io.capstan.apiserver.audit.Event;
import io.capstan.apiserver.audit.Level;
import io.capstan.apiserver.audit.PolicyRuleEvaluator;
import io.capstan.apiserver.audit.RequestAuditConfig;
import io.capstan.apiserver.audit.Stage;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's {@code WithFailedAuthenticationAudit}: a request that authentication refuses (401, no user) never reaches
 * {@link AuditFilter}, so this filter, which wraps authentication, audits it: the policy is evaluated without a user,
 * and the event, at stage {@code ResponseStarted}, has an empty user and {@code responseStatus.message}
 * "Authentication failed, attempted: bearer" (or basic, access_token, x509; or "no credentials provided").
 */
public final class FailedAuthenticationAuditFilter implements Filter {
    private static final UserInfo NO_USER = new UserInfo("", "", List.of(), Map.of());

    private final PolicyRuleEvaluator evaluator;
    private final Backend backend;
    private final Clock clock;

    public FailedAuthenticationAuditFilter(PolicyRuleEvaluator evaluator, Backend backend, Clock clock) {
        this.evaluator = Objects.requireNonNull(evaluator);
        this.backend = Objects.requireNonNull(backend);
        this.clock = clock;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        var received = clock.instant();
        chain.proceed();
        RequestContext ctx = RequestContext.of(req);
        if (ctx.authenticatedUser() != null || res.status().code() != 401) {
            return;
        }
        RequestAuditConfig config = evaluator.evaluate(AuditFilter.attributes(ctx, null));
        if (config.level() == Level.NONE || config.omitStages().contains(Stage.RESPONSE_STARTED)) {
            return;
        }
        Event event = new Event(config.level(), ctx.auditId(), AuditFilter.requestUri(req), ctx.verb(), NO_USER,
                AuditFilter.sourceIPs(req), req.headers().first(HeaderNames.USER_AGENT).orElse(""),
                AuditFilter.objectRef(ctx.info()), received);
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.putObject("metadata");
        status.put("message", authMethods(req));
        status.put("code", 401);
        event.responseStatus(status);
        event.stage(Stage.RESPONSE_STARTED, clock.instant());
        backend.processEvent(event);
    }

    /** Upstream's {@code getAuthMethods}: which credentials the refused request carried. */
    static String authMethods(RoutingRequest req) {
        List<String> methods = new ArrayList<>();
        String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("").strip();
        String[] parts = auth.split(" ");
        if (parts.length > 1 && parts[0].toLowerCase(Locale.ROOT).equals("basic")) {
            methods.add("basic");
        }
        if (parts.length > 1 && parts[0].equalsIgnoreCase("bearer")) {
            methods.add("bearer");
        }
        if (!req.query().first("access_token").orElse("").strip().isEmpty()) {
            methods.add("access_token");
        }
        if (req.remotePeer().tlsCertificates().map(c -> c.length > 0).orElse(false)) {
            methods.add("x509");
        }
        return methods.isEmpty() ? "Authentication failed, no credentials provided"
                : "Authentication failed, attempted: " + String.join(", ", methods);
    }
}

package io.capstan.apiserver.filters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.audit.AuditContext;
import io.capstan.apiserver.audit.Backend;
import io.capstan.apiserver.audit.Event;
import io.capstan.apiserver.audit.Level;
import io.capstan.apiserver.audit.ObjectReference;
import io.capstan.apiserver.audit.PolicyRuleEvaluator;
import io.capstan.apiserver.audit.RawBody;
import io.capstan.apiserver.audit.RequestAuditConfig;
import io.capstan.apiserver.audit.Stage;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.endpoints.RequestBody;
import io.capstan.apiserver.endpoints.RequestInfo;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Upstream's {@code WithAudit}: evaluates the audit policy for the authenticated caller and writes the request's
 * {@code audit.k8s.io/v1} events to the backend: {@code RequestReceived} before handling, {@code ResponseStarted}
 * when a long-running request (watch) sends its headers, {@code ResponseComplete} at the end, or {@code Panic} when
 * the handler fails unexpectedly; stages the policy omits are not written. At level {@code Request} and above the
 * event carries the request body, at {@code RequestResponse} the response body (not for watches), both as the
 * handler recorded them in {@link RequestContext}. Runs after authentication, so {@link RequestContext#user()} is
 * the caller; an impersonated user is read once the request is done.
 */
public final class AuditFilter implements Filter {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final PolicyRuleEvaluator evaluator;
    private final Backend backend;
    private final Clock clock;

    public AuditFilter(PolicyRuleEvaluator evaluator, Backend backend, Clock clock) {
        this.evaluator = Objects.requireNonNull(evaluator);
        this.backend = Objects.requireNonNull(backend);
        this.clock = clock;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestContext ctx = RequestContext.of(req);
        var received = clock.instant();
        UserInfo user = ctx.user();
        RequestAuditConfig config = evaluator.evaluate(attributes(ctx, user));
        if (config.level() == Level.NONE) {
            chain.proceed();
            return;
        }
        Event event = new Event(config.level(), ctx.auditId(), requestUri(req), ctx.verb(), user, sourceIPs(req),
                req.headers().first(HeaderNames.USER_AGENT).orElse(""), objectRef(ctx.info()), received);
        req.context().register(new AuditContext(event));
        if (!emit(event, config)) {
            // Upstream's WithAudit: a request whose RequestReceived event cannot be stored fails
            // (--audit-log-mode=blocking-strict; the other modes never report a failure).
            var error = Statuses.internal("failed to store audit event");
            res.status(500).header(HeaderNames.CONTENT_TYPE, "application/json").send(Json.bytes(error.status()));
            return;
        }
        if (ctx.longRunning()) {
            res.beforeSend(() -> {
                event.responseStatus(status(res.status().code()));
                event.stage(Stage.RESPONSE_STARTED, clock.instant());
                emit(event, config);
            });
        }
        try {
            chain.proceed();
        } catch (RuntimeException | Error e) {
            ObjectNode status = Json.MAPPER.createObjectNode();
            status.putObject("metadata");
            status.put("status", "Failure");
            status.put("message", "APIServer panic'd: " + e);
            status.put("reason", "InternalError");
            status.put("code", 500);
            event.responseStatus(status);
            event.stage(Stage.PANIC, clock.instant());
            emit(event, config);
            throw e;
        }
        complete(event, config, ctx, res.status().code());
    }

    private void complete(Event event, RequestAuditConfig config, RequestContext ctx, int code) {
        if (ctx.authenticatedUser() != null && !ctx.user().equals(ctx.authenticatedUser())) {
            event.impersonatedUser(ctx.user());
        }
        String verb = ctx.verb();
        JsonNode request = null;
        if (ctx.requestObject() != null && (!config.level().less(Level.REQUEST)
                || event.objectRef() != null && (verb.equals("create") || verb.equals("update")))) {
            request = json(ctx.requestObject());
        }
        if (request instanceof ObjectNode o && event.objectRef() != null && (verb.equals("create") || verb.equals("update"))
                && o.path("metadata").isObject()) {
            // Upstream's LogRequestObject names the object of a create from its body.
            event.objectRef(event.objectRef().withDefaultsFrom((ObjectNode) o.get("metadata")));
        }
        if (request != null && !config.level().less(Level.REQUEST)) {
            event.requestObject(config.omitManagedFields() ? withoutManagedFields(request) : request);
        }
        JsonNode response = ctx.responseObject() == null ? null : json(ctx.responseObject());
        ObjectNode status = status(code);
        if (response instanceof ObjectNode r && r.path("kind").asText().equals("Status")) {
            // Upstream copies a Status response's bounded fields: status, message, reason, details, code.
            status = Json.MAPPER.createObjectNode();
            status.putObject("metadata");
            for (String f : List.of("status", "message", "reason", "details")) {
                JsonNode v = r.get(f);
                if (v != null && !v.isNull() && !(v.isTextual() ? v.asText().isEmpty() : v.isContainerNode() && v.isEmpty())) {
                    status.set(f, v);
                }
            }
            status.put("code", code);
        }
        event.responseStatus(status);
        if (response != null && config.level() == Level.REQUEST_RESPONSE && !verb.equals("watch")) {
            event.responseObject(config.omitManagedFields() ? withoutManagedFields(response) : response);
        }
        event.stage(Stage.RESPONSE_COMPLETE, clock.instant());
        emit(event, config);
    }

    private boolean emit(Event event, RequestAuditConfig config) {
        return config.omitStages().contains(event.stage()) || backend.processEvent(event);
    }

    private static ObjectNode status(int code) {
        ObjectNode status = Json.MAPPER.createObjectNode();
        status.putObject("metadata");
        status.put("code", code);
        return status;
    }

    /** What the handler recorded, as JSON; null when it cannot be decoded (the request failed on it anyway). */
    private static JsonNode json(Object recorded) {
        try {
            return switch (recorded) {
                case JsonNode n -> n;
                case RawBody b -> b.data().length == 0 ? null : RequestBody.decode(b.data(), b.contentType(), false);
                case byte[] bytes -> Json.tree(bytes);
                default -> Json.MAPPER.valueToTree(recorded);
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Upstream's {@code omitManagedFields}: the object (or each item of a list) without {@code metadata.managedFields}. */
    private static JsonNode withoutManagedFields(JsonNode node) {
        if (!(node instanceof ObjectNode o)) {
            return node;
        }
        boolean hasOwn = o.path("metadata").has("managedFields");
        boolean hasItems = false;
        for (JsonNode item : o.path("items")) {
            hasItems |= item.path("metadata").has("managedFields");
        }
        if (!hasOwn && !hasItems) {
            return node;
        }
        ObjectNode copy = o.deepCopy();
        if (copy.path("metadata") instanceof ObjectNode m) {
            m.remove("managedFields");
        }
        for (JsonNode item : copy.path("items")) {
            if (item.path("metadata") instanceof ObjectNode m) {
                m.remove("managedFields");
            }
        }
        return copy;
    }

    static Attributes attributes(RequestContext ctx, UserInfo user) {
        RequestInfo info = ctx.info();
        if (!ctx.resourceRequest()) {
            return Attributes.nonResource(user, ctx.verb(), ctx.path());
        }
        return Attributes.resource(user, info.verb(), info.namespace(), info.group(), info.version(), info.resource(),
                info.subresource(), info.name());
    }

    static ObjectReference objectRef(RequestInfo info) {
        if (info == null || !info.resourceRequest()) {
            return null;
        }
        return new ObjectReference(info.resource(), info.namespace(), info.name(), "", info.group(), info.version(), "",
                info.subresource());
    }

    static String requestUri(RoutingRequest req) {
        String query = req.query().rawValue();
        String path = req.prologue().uriPath().rawPath();
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    /** Upstream's {@code utilnet.SourceIPs}: the X-Forwarded-For chain, X-Real-Ip, then the peer's address. */
    static List<String> sourceIPs(RoutingRequest req) {
        List<String> ips = new ArrayList<>();
        req.headers().first(HeaderNames.X_FORWARDED_FOR).ifPresent(h -> {
            for (String part : h.split(",")) {
                String ip = ip(part.strip());
                if (ip != null) {
                    ips.add(ip);
                }
            }
        });
        req.headers().first(HeaderNames.create("X-Real-Ip")).map(h -> ip(h.strip()))
                .filter(ip -> !ips.contains(ip)).ifPresent(ips::add);
        if (req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null) {
            String remote = text(a.getAddress());
            if (ips.isEmpty() || !ips.getLast().equals(remote)) {
                ips.add(remote);
            }
        }
        return ips;
    }

    /** A literal IP address in its canonical form, or null; never a DNS lookup. */
    private static String ip(String s) {
        if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
            return null;
        }
        try {
            return text(InetAddress.getByName(s));
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** An address as Go's {@code net.IP.String()} prints it: IPv6 with its longest run of zero groups as {@code ::}. */
    static String text(InetAddress address) {
        if (!(address instanceof java.net.Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}

package io.capstan.apiserver.filters;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.endpoints.RequestInfo;
import io.capstan.common.api.UuidGenerator;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;
import java.util.Locale;

/**
 * What the API server's filters learn about one request and hand to the next: what it addresses, who
 * made it (set by authentication, replaced by impersonation), its audit ID. One instance per request,
 * kept in Helidon's request context; {@link #of} creates it on first use.
 */
public final class RequestContext {
    private final String method;
    private final String path;
    private final RequestInfo info;
    private final String auditId;
    private volatile UserInfo user = UserInfo.ANONYMOUS;
    private volatile UserInfo authenticatedUser;
    private volatile List<String> audiences = List.of();
    private volatile Object requestObject;
    private volatile Object responseObject;

    private RequestContext(String method, String path, boolean watch, String auditId) {
        this.method = method;
        this.path = path;
        this.info = RequestInfo.parse(method, path, watch);
        this.auditId = auditId;
    }

    /** This request's context, created (request info parsed, audit ID taken or made) on first use. */
    public static RequestContext of(ServerRequest req) {
        var existing = req.context().get(RequestContext.class);
        if (existing.isPresent()) {
            return existing.get();
        }
        String method = req.prologue().method().text();
        String watch = req.query().first("watch").orElse("");
        String auditId = req.headers().first(io.helidon.http.HeaderNames.create("Audit-ID"))
                .filter(s -> !s.isBlank()).orElseGet(UuidGenerator::randomString);
        RequestContext ctx = new RequestContext(method, req.path().path(), watch.equals("true") || watch.equals("1"), auditId);
        req.context().register(ctx);
        return ctx;
    }

    /** The HTTP method, as sent. */
    public String method() {
        return method;
    }

    /** The request path, decoded. */
    public String path() {
        return path;
    }

    /** What an {@code /api} or {@code /apis} request addresses; null for other paths ({@code /healthz}, {@code /openapi/v3}, ...). */
    public RequestInfo info() {
        return info;
    }

    /** True when {@link #info()} names a resource (not discovery, not a non-API path). */
    public boolean resourceRequest() {
        return info != null && info.resourceRequest();
    }

    /** The verb authorization sees: the API verb for resource requests, the lower-case method otherwise. */
    public String verb() {
        return resourceRequest() ? info.verb() : method.toLowerCase(Locale.ROOT);
    }

    /**
     * True for requests that may last long and are exempt from in-flight limits and the request timeout,
     * as upstream's {@code BasicLongRunningRequestCheck}: watches, and the proxy, exec, attach, log and
     * portforward subresources.
     */
    public boolean longRunning() {
        if (info == null) {
            return false;
        }
        if (info.verb().equals("watch")) {
            return true;
        }
        String sub = info.subresource();
        int slash = sub.indexOf('/');
        String first = slash < 0 ? sub : sub.substring(0, slash);
        return LONG_RUNNING_SUBRESOURCES.contains(first) || info.resource().equals("proxy");
    }

    private static final java.util.Set<String> LONG_RUNNING_SUBRESOURCES =
            java.util.Set.of("proxy", "exec", "attach", "log", "portforward");

    /** The audit ID: the client's {@code Audit-ID} header, or a new UUID; sent back as {@code Audit-Id}. */
    public String auditId() {
        return auditId;
    }

    /** Who the request acts as: the authenticated user, or the impersonated one. {@link UserInfo#ANONYMOUS} until set. */
    public UserInfo user() {
        return user;
    }

    /** Who authenticated, before any impersonation; null before authentication ran. */
    public UserInfo authenticatedUser() {
        return authenticatedUser;
    }

    /** Set by authentication: the caller, who the request acts as until impersonation says otherwise. */
    public void authenticated(UserInfo user, List<String> audiences) {
        this.authenticatedUser = user;
        this.user = user;
        this.audiences = List.copyOf(audiences);
    }

    /** Set by impersonation: who the request acts as from now on. */
    public void impersonate(UserInfo user) {
        this.user = user;
    }

    /** The audiences the caller's credentials were valid for. */
    public List<String> audiences() {
        return audiences;
    }

    /** The decoded request object, when a handler recorded one (audit at level Request and above). */
    public Object requestObject() {
        return requestObject;
    }

    public void requestObject(Object object) {
        this.requestObject = object;
    }

    /** The response object, when a handler recorded one (audit at level RequestResponse). */
    public Object responseObject() {
        return responseObject;
    }

    public void responseObject(Object object) {
        this.responseObject = object;
    }
}

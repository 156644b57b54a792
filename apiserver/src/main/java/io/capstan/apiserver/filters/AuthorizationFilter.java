package io.capstan.apiserver.filters;

import io.capstan.apiserver.audit.AuditContext;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.endpoints.RequestInfo;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Upstream's {@code WithAuthorization}: asks the authorizer about the request's user, verb and resource (or path);
 * an ALLOW proceeds, an evaluation error is a 500, anything else a 403 {@code Forbidden} Status worded as
 * upstream's {@code responsewriters.Forbidden}: {@code pods "x" is forbidden: User "u" cannot get resource "pods"
 * in API group "" in the namespace "ns"} (plus {@code : <reason>} when the authorizer gave one). The innermost
 * filter: it also makes the request {@link CurrentRequest current} for the handler.
 */
public final class AuthorizationFilter implements Filter {
    private final Authorizer authorizer;

    public AuthorizationFilter(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestContext ctx = RequestContext.of(req);
        Attributes attributes = attributes(ctx);
        AuthorizationDecision d = authorizer.authorize(attributes);
        if (d.allowed()) {
            AuditContext.addAnnotation(req, AuditContext.DECISION_ANNOTATION, "allow");
            AuditContext.addAnnotation(req, AuditContext.REASON_ANNOTATION, d.reason());
            CurrentRequest.run(ctx, chain::proceed);
            return;
        }
        // As upstream's WithAuthorization: an evaluation error is a 500 with reason "internal error", else a 403.
        if (d.error().isEmpty()) {
            AuditContext.addAnnotation(req, AuditContext.DECISION_ANNOTATION, "forbid");
            AuditContext.addAnnotation(req, AuditContext.REASON_ANNOTATION, d.reason());
        } else {
            AuditContext.addAnnotation(req, AuditContext.REASON_ANNOTATION, "internal error");
        }
        StatusException e = d.error().isEmpty() ? forbidden(attributes, d.reason()) : Statuses.internal(d.error());
        res.status(io.helidon.http.Status.create(e.code()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        res.send(Json.bytes(e.status()));
    }

    /** The attributes upstream's {@code GetAuthorizerAttributes} builds from the request. */
    public static Attributes attributes(RequestContext ctx) {
        RequestInfo info = ctx.info();
        if (ctx.resourceRequest()) {
            // Upstream's subresource is one path segment (pods/proxy/<path> authorizes as pods/proxy).
            String sub = info.subresource();
            int slash = sub.indexOf('/');
            return Attributes.resource(ctx.user(), info.verb(), info.namespace(), info.group(), info.version(),
                    info.resource(), slash < 0 ? sub : sub.substring(0, slash), info.name());
        }
        return Attributes.nonResource(ctx.user(), ctx.verb(), ctx.path());
    }

    /** Upstream's {@code responsewriters.Forbidden}: the message of {@code forbiddenMessage}, then the reason. */
    public static StatusException forbidden(Attributes a, String reason) {
        String msg = sanitize(forbiddenMessage(a));
        String err = reason == null || reason.isEmpty() ? msg : msg + ": " + reason;
        return forbidden(a.apiGroup(), a.resource(), a.name(), err);
    }

    /** Upstream's {@code apierrors.NewForbidden(groupResource, name, err)}. */
    public static StatusException forbidden(String group, String resource, String name, String err) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        String message;
        if (qualified.isEmpty()) {
            message = "forbidden: " + err;
        } else if (name == null || name.isEmpty()) {
            message = qualified + " is forbidden: " + err;
        } else {
            message = qualified + " \"" + name + "\" is forbidden: " + err;
        }
        StatusDetails details = new StatusDetails();
        details.setGroup(group.isEmpty() ? null : group);
        details.setKind(resource.isEmpty() ? null : resource);
        details.setName(name == null || name.isEmpty() ? null : name);
        Status status = new StatusBuilder().withApiVersion("v1").withKind("Status")
                .withMetadata(new io.fabric8.kubernetes.api.model.ListMeta()).withStatus("Failure")
                .withMessage(message).withReason("Forbidden").withDetails(details).withCode(403).build();
        return new StatusException(status);
    }

    /** Upstream's {@code forbiddenMessage}. */
    static String forbiddenMessage(Attributes a) {
        String user = a.user() == null ? "" : a.user().username();
        if (!a.resourceRequest()) {
            return "User " + quote(user) + " cannot " + a.verb() + " path " + quote(a.path());
        }
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        if (!a.namespace().isEmpty()) {
            return "User " + quote(user) + " cannot " + a.verb() + " resource " + quote(resource) + " in API group "
                    + quote(a.apiGroup()) + " in the namespace " + quote(a.namespace());
        }
        return "User " + quote(user) + " cannot " + a.verb() + " resource " + quote(resource) + " in API group "
                + quote(a.apiGroup()) + " at the cluster scope";
    }

    /** Go's {@code %q} for the printable strings these messages hold. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String sanitize(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

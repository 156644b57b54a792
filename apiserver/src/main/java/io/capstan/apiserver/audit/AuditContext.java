package io.capstan.apiserver.audit;

import io.helidon.webserver.http.ServerRequest;

/**
 * The audit event of one request, kept in Helidon's request context so that later filters can annotate it, as
 * upstream's {@code audit.AddAuditAnnotation}. Present only for requests the policy audits.
 */
public final class AuditContext {
    /** Upstream's annotation of the authorizer's decision: {@code allow} or {@code forbid}. */
    public static final String DECISION_ANNOTATION = "authorization.k8s.io/decision";
    /** Upstream's annotation of the authorizer's reason. */
    public static final String REASON_ANNOTATION = "authorization.k8s.io/reason";

    private final Event event;

    public AuditContext(Event event) {
        this.event = event;
    }

    /** The request's event. */
    public Event event() {
        return event;
    }

    /**
     * Adds an annotation to the request's audit event (a no-op when the request is not audited); the first value of a
     * key wins. The authorization filter records {@link #DECISION_ANNOTATION} and {@link #REASON_ANNOTATION}.
     */
    public static void addAnnotation(ServerRequest req, String key, String value) {
        req.context().get(AuditContext.class).ifPresent(c -> c.event.annotate(key, value));
    }
}

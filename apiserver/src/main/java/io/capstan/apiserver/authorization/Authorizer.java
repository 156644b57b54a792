package io.capstan.apiserver.authorization;

/**
 * Decides whether a request may proceed (upstream's {@code authorizer.Authorizer}): RBAC, the webhook,
 * AlwaysAllow, AlwaysDeny, and a union of them in {@code --authorization-mode} order.
 */
public interface Authorizer {

    /** The decision for these attributes; never throws (an evaluation error is a {@code NO_OPINION} with the error as reason). */
    AuthorizationDecision authorize(Attributes attributes);
}

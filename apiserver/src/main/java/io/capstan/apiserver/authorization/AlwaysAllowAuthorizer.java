package io.capstan.apiserver.authorization;

/** {@code --authorization-mode=AlwaysAllow}: allows every request (upstream's {@code alwaysAllowAuthorizer}). */
public final class AlwaysAllowAuthorizer implements Authorizer {
    @Override
    public AuthorizationDecision authorize(Attributes attributes) {
        return AuthorizationDecision.allow("");
    }
}

package io.capstan.apiserver.authorization;

/** {@code --authorization-mode=AlwaysDeny}: denies every request with upstream's reason. */
public final class AlwaysDenyAuthorizer implements Authorizer {
    @Override
    public AuthorizationDecision authorize(Attributes attributes) {
        return AuthorizationDecision.deny("Everything is forbidden.");
    }
}

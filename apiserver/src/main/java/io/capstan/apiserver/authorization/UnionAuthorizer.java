package io.capstan.apiserver.authorization;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks each authorizer in turn, as upstream's {@code union.New}: the first ALLOW or DENY decides; when all have
 * no opinion the answer is NO_OPINION with their reasons joined by newlines.
 */
public final class UnionAuthorizer implements Authorizer {
    private final List<Authorizer> authorizers;

    public UnionAuthorizer(List<Authorizer> authorizers) {
        this.authorizers = List.copyOf(authorizers);
    }

    @Override
    public AuthorizationDecision authorize(Attributes attributes) {
        List<String> reasons = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Authorizer a : authorizers) {
            AuthorizationDecision d = a.authorize(attributes);
            if (d.decision() != AuthorizationDecision.Decision.NO_OPINION) {
                return d;
            }
            if (!d.reason().isEmpty()) {
                reasons.add(d.reason());
            }
            if (!d.error().isEmpty()) {
                errors.add(d.error());
            }
        }
        return new AuthorizationDecision(AuthorizationDecision.Decision.NO_OPINION, String.join("\n", reasons),
                errors.isEmpty() ? "" : errors.size() == 1 ? errors.getFirst() : "[" + String.join(", ", errors) + "]");
    }
}

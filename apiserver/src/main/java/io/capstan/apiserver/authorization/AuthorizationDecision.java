package io.capstan.apiserver.authorization;

/**
 * An authorizer's answer.
 *
 * @param decision allow, deny, or no opinion (the next authorizer decides)
 * @param reason   why, as upstream words it (shown in SubjectAccessReview status and 403 messages); may be empty
 * @param error    an evaluation error (SubjectAccessReview's {@code evaluationError}); may be empty
 */
public record AuthorizationDecision(Decision decision, String reason, String error) {

    public enum Decision { ALLOW, DENY, NO_OPINION }

    public static AuthorizationDecision allow(String reason) {
        return new AuthorizationDecision(Decision.ALLOW, reason, "");
    }

    public static AuthorizationDecision deny(String reason) {
        return new AuthorizationDecision(Decision.DENY, reason, "");
    }

    public static AuthorizationDecision noOpinion(String reason) {
        return new AuthorizationDecision(Decision.NO_OPINION, reason, "");
    }

    public boolean allowed() {
        return decision == Decision.ALLOW;
    }
}

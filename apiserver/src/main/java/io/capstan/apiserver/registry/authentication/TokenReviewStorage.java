package io.capstan.apiserver.registry.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.TokenAuthenticator;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.registry.Creater;
import io.capstan.common.api.Statuses;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * authentication.k8s.io/v1 TokenReview (upstream's {@code pkg/registry/authentication/tokenreview}): runs the
 * server's token authenticators on {@code spec.token} for {@code spec.audiences} (the server's own audiences when
 * empty) and answers with {@code status.authenticated}, {@code user}, {@code audiences} and {@code error}.
 */
public final class TokenReviewStorage implements Creater {
    private static final Logger LOG = Logger.getLogger(TokenReviewStorage.class.getName());

    private final TokenAuthenticator authenticator;
    private final List<String> apiAudiences;

    /**
     * @param authenticator the union of the server's token authenticators
     * @param apiAudiences  the server's own audiences ({@code --api-audiences}), used when the review names none
     */
    public TokenReviewStorage(TokenAuthenticator authenticator, List<String> apiAudiences) {
        this.authenticator = authenticator;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    @Override
    public ObjectNode create(UserInfo user, String namespace, ObjectNode review, boolean dryRun) {
        if (!namespace.isEmpty()) {
            throw Statuses.badRequest("namespace is not allowed on this type: " + namespace);
        }
        String token = review.path("spec").path("token").asText("");
        if (token.isEmpty()) {
            throw Statuses.badRequest("token is required for TokenReview in authentication");
        }
        List<String> audiences = new ArrayList<>();
        review.path("spec").path("audiences").forEach(a -> audiences.add(a.asText()));
        List<String> wanted = audiences.isEmpty() ? apiAudiences : audiences;

        ObjectNode status = review.putObject("status");
        Optional<AuthenticationResponse> response;
        try {
            response = authenticator.authenticateToken(token, audiences);
            status.put("authenticated", response.isPresent());
        } catch (AuthenticationException e) {
            response = Optional.empty();
            status.put("authenticated", false);
            status.put("error", e.getMessage());
        }
        if (response.isPresent() && response.get().audiences().isEmpty() && !wanted.isEmpty()) {
            // An audience-agnostic authenticator (a token file, say): as upstream's WrapAudienceAgnosticToken, its
            // tokens are good for the server's own audiences only.
            List<String> granted = wanted.stream().filter(apiAudiences::contains).toList();
            response = granted.isEmpty() ? Optional.empty()
                    : Optional.of(new AuthenticationResponse(response.get().user(), granted));
            status.put("authenticated", response.isPresent());
        }
        if (response.isPresent()) {
            AuthenticationResponse r = response.get();
            if (!wanted.isEmpty() && r.audiences().stream().noneMatch(wanted::contains)) {
                // Upstream's badAuthenticatorAuds: an authenticator accepted a token for audiences nobody asked for.
                LOG.severe("error validating audience. want=" + wanted + " got=" + r.audiences());
                throw Statuses.internal("error validating audiences");
            }
            status.set("user", UserInfoJson.of(r.user()));
            if (!r.audiences().isEmpty()) {
                r.audiences().forEach(status.putArray("audiences")::add);
            }
        }
        return review;
    }
}

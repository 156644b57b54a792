package io.capstan.apiserver.authentication.serviceaccount;

import io.capstan.common.jwt.JsonWebToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.TokenAuthenticator;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Service-account JWTs, as upstream's {@code JWTTokenAuthenticator}: a token from another issuer (or not a JWT)
 * is not recognised; one from these issuers must be signed by one of the keys with an allowed algorithm, be
 * meant for one of the requested audiences (tokens without {@code aud}, the legacy ones, count as meant for
 * the API server's own), and pass the {@link Validator}.
 */
public final class JwtTokenAuthenticator implements TokenAuthenticator {
    private final Set<String> issuers;
    private final List<PublicKey> keys;
    private final List<String> implicitAudiences;
    private final Validator validator;

    /**
     * @param issuers           the {@code iss} values this authenticator owns
     * @param keys              the public keys tokens may be signed with
     * @param implicitAudiences the API server's audiences ({@code --api-audiences})
     */
    public JwtTokenAuthenticator(List<String> issuers, List<PublicKey> keys, List<String> implicitAudiences, Validator validator) {
        this.issuers = Set.copyOf(issuers);
        this.keys = List.copyOf(keys);
        this.implicitAudiences = List.copyOf(implicitAudiences);
        this.validator = validator;
    }

    @Override
    public Optional<AuthenticationResponse> authenticateToken(String token, List<String> audiences) throws AuthenticationException {
        Optional<JsonWebToken> parsed = JsonWebToken.parse(token);
        if (parsed.isEmpty() || !issuers.contains(parsed.get().claims().path("iss").asText(""))) {
            return Optional.empty();
        }
        JsonWebToken jwt = parsed.get();
        if (!JsonWebToken.ALGORITHMS.contains(jwt.algorithm())) {
            throw new AuthenticationException("unexpected signature algorithm \"" + jwt.algorithm() + "\"; expected one of "
                    + JsonWebToken.ALGORITHMS.stream().sorted().toList());
        }
        boolean verified = false;
        for (PublicKey key : keys) {
            if (jwt.verify(key)) {
                verified = true;
                break;
            }
        }
        if (!verified) {
            throw new AuthenticationException("error verifying signature: no key verified the token");
        }
        List<String> tokenAudiences = audiences(jwt.claims().path("aud"));
        if (tokenAudiences.isEmpty()) {
            tokenAudiences = implicitAudiences; // only the API server's audiences for legacy tokens
        }
        List<String> requested = audiences.isEmpty() ? implicitAudiences : audiences;
        List<String> matched = new ArrayList<>(tokenAudiences);
        matched.retainAll(requested);
        if (matched.isEmpty() && !implicitAudiences.isEmpty()) {
            throw new AuthenticationException("token audiences " + quoted(tokenAudiences)
                    + " is invalid for the target audiences " + quoted(requested));
        }
        ServiceAccountInfo sa = validator.validate(token, jwt.claims());
        return Optional.of(new AuthenticationResponse(sa.userInfo(), matched));
    }

    /** The {@code aud} claim: a string or an array of strings. */
    static List<String> audiences(JsonNode aud) {
        if (aud.isTextual()) {
            return aud.asText().isEmpty() ? List.of() : List.of(aud.asText());
        }
        List<String> out = new ArrayList<>();
        aud.forEach(a -> out.add(a.asText()));
        return out;
    }

    private static String quoted(List<String> values) {
        return "[" + String.join(" ", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }
}

package io.capstan.apiserver.authentication;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code Authorization: Bearer <token>} and hands the token to a {@link TokenAuthenticator}, as upstream's
 * {@code bearertoken.Authenticator}: no header, another scheme or an empty token is "no credentials"; a token
 * that no token authenticator accepts is invalid.
 */
public final class BearerTokenAuthenticator implements Authenticator {
    private final TokenAuthenticator tokens;
    private final List<String> apiAudiences;

    /**
     * @param tokens       the token authenticators
     * @param apiAudiences the audiences a token must be valid for (the API server's own)
     */
    public BearerTokenAuthenticator(TokenAuthenticator tokens, List<String> apiAudiences) {
        this.tokens = tokens;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    @Override
    public Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) throws AuthenticationException {
        String token = token(request.firstHeader("authorization"));
        if (token == null) {
            return Optional.empty();
        }
        Optional<AuthenticationResponse> r = tokens.authenticateToken(token, apiAudiences);
        if (r.isEmpty()) {
            throw new AuthenticationException("invalid bearer token");
        }
        return r;
    }

    /** The bearer token of an {@code Authorization} header value, or null when it carries none. */
    public static String token(String header) {
        if (header == null) {
            return null;
        }
        String auth = header.strip();
        if (auth.isEmpty()) {
            return null;
        }
        String[] parts = auth.split(" ", 3);
        if (parts.length < 2 || !parts[0].toLowerCase(Locale.ROOT).equals("bearer") || parts[1].isEmpty()) {
            return null;
        }
        return parts[1];
    }
}

package io.capstan.apiserver.authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several token authenticators tried in order, as upstream's token {@code union.New}: the first that accepts
 * the token wins; when none does, the errors of those that rejected it are reported together.
 */
public final class TokenAuthenticatorUnion implements TokenAuthenticator {
    private final List<TokenAuthenticator> authenticators;

    public TokenAuthenticatorUnion(List<TokenAuthenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    /** True when no token authenticator is configured. */
    public boolean isEmpty() {
        return authenticators.isEmpty();
    }

    @Override
    public Optional<AuthenticationResponse> authenticateToken(String token, List<String> audiences) throws AuthenticationException {
        List<AuthenticationException> errors = new ArrayList<>();
        for (TokenAuthenticator a : authenticators) {
            try {
                Optional<AuthenticationResponse> r = a.authenticateToken(token, audiences);
                if (r.isPresent()) {
                    return r;
                }
            } catch (AuthenticationException e) {
                errors.add(e);
            }
        }
        if (errors.size() == 1) {
            throw errors.get(0);
        }
        if (!errors.isEmpty()) {
            AuthenticationException all = new AuthenticationException(
                    "[" + String.join(", ", errors.stream().map(Throwable::getMessage).toList()) + "]");
            errors.forEach(all::addSuppressed);
            throw all;
        }
        return Optional.empty();
    }
}

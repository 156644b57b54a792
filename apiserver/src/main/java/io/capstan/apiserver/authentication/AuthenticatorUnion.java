package io.capstan.apiserver.authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Several request authenticators tried in order, as upstream's {@code union.New} and {@code union.NewFailOnError}:
 * the first that recognises the request wins. An authenticator that rejects the request's credentials either
 * ends the attempt at once ({@link #failOnError}) or lets the next one try, the errors being reported together
 * when none accepts the request ({@link #of}).
 */
public final class AuthenticatorUnion implements Authenticator {
    private final List<Authenticator> authenticators;
    private final boolean failOnError;

    private AuthenticatorUnion(List<Authenticator> authenticators, boolean failOnError) {
        this.authenticators = List.copyOf(authenticators);
        this.failOnError = failOnError;
    }

    /** Upstream's {@code union.New}: every authenticator is tried; errors count only when none accepts. */
    public static AuthenticatorUnion of(List<Authenticator> authenticators) {
        return new AuthenticatorUnion(authenticators, false);
    }

    /** Upstream's {@code union.NewFailOnError}: the first error ends the attempt (a bad credential is never anonymous). */
    public static AuthenticatorUnion failOnError(List<Authenticator> authenticators) {
        return new AuthenticatorUnion(authenticators, true);
    }

    @Override
    public Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) throws AuthenticationException {
        List<AuthenticationException> errors = new ArrayList<>();
        for (Authenticator a : authenticators) {
            Optional<AuthenticationResponse> r;
            try {
                r = a.authenticate(request);
            } catch (AuthenticationException e) {
                if (failOnError) {
                    throw e;
                }
                errors.add(e);
                continue;
            }
            if (r.isPresent()) {
                return r;
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

package io.capstan.apiserver.authentication;

import java.util.Optional;

/** Accepts every request as {@code system:anonymous} in {@code system:unauthenticated}, as upstream's {@code anonymous.NewAuthenticator}. */
public final class AnonymousAuthenticator implements Authenticator {

    @Override
    public Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) {
        return Optional.of(AuthenticationResponse.of(UserInfo.ANONYMOUS));
    }
}

package io.capstan.apiserver.authentication;

import java.util.Optional;

/**
 * One way of telling who made a request, as upstream's {@code authenticator.Request}: x509 client
 * certificates, bearer tokens (token file, service-account JWTs, webhook), front-proxy headers.
 * A union of them, then anonymous, is what the authentication filter runs.
 */
public interface Authenticator {

    /**
     * @return the caller, or empty when the request carries no credentials this authenticator reads
     * @throws AuthenticationException when it carries such credentials and they are not valid
     *                                 (the request then fails with 401 unless another authenticator accepts it)
     */
    Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) throws AuthenticationException;
}

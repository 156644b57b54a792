package io.capstan.apiserver.authentication;

import java.util.List;
import java.util.Optional;

/**
 * A bearer-token authenticator (upstream's {@code authenticator.Token}): the token file, service-account
 * JWTs, the webhook. TokenReview calls these directly.
 */
public interface TokenAuthenticator {

    /**
     * @param token     the bearer token, without the {@code Bearer } prefix
     * @param audiences the audiences the caller accepts (empty: the API server's own)
     * @return the caller, or empty when this authenticator does not recognise the token
     * @throws AuthenticationException when it recognises the token and it is not valid (expired, wrong audience, ...)
     */
    Optional<AuthenticationResponse> authenticateToken(String token, List<String> audiences) throws AuthenticationException;
}

package io.capstan.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationException;

/**
 * Checks the claims of a token whose signature verified, as upstream's {@code serviceaccount.Validator}: the
 * legacy (secret-based) and the bound (TokenRequest) token formats each have one.
 */
public interface Validator {

    /**
     * @param token  the raw token (legacy tokens are compared with their Secret)
     * @param claims the token's verified claims
     * @return the service account the token stands for
     * @throws AuthenticationException when the claims are incomplete, expired, or name objects that are gone or changed
     */
    ServiceAccountInfo validate(String token, ObjectNode claims) throws AuthenticationException;
}

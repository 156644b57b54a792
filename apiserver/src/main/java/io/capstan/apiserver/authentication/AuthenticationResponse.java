package io.capstan.apiserver.authentication;

import java.util.List;

/**
 * An authenticated caller (upstream's {@code authenticator.Response}).
 *
 * @param user      who the caller is
 * @param audiences the audiences the credentials were valid for (empty when they carry none)
 */
public record AuthenticationResponse(UserInfo user, List<String> audiences) {
    public AuthenticationResponse {
        audiences = List.copyOf(audiences);
    }

    public static AuthenticationResponse of(UserInfo user) {
        return new AuthenticationResponse(user, List.of());
    }
}

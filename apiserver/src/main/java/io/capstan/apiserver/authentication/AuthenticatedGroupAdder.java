package io.capstan.apiserver.authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds {@code system:authenticated} to every user another authenticator accepts, as upstream's
 * {@code group.AuthenticatedGroupAdder}.
 */
public final class AuthenticatedGroupAdder implements Authenticator {
    /** Upstream's {@code user.AllAuthenticated}. */
    public static final String ALL_AUTHENTICATED = "system:authenticated";

    private final Authenticator delegate;

    public AuthenticatedGroupAdder(Authenticator delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) throws AuthenticationException {
        return delegate.authenticate(request).map(AuthenticatedGroupAdder::withAuthenticatedGroup);
    }

    /** The response with {@code system:authenticated} among the user's groups (unchanged when it is there). */
    public static AuthenticationResponse withAuthenticatedGroup(AuthenticationResponse r) {
        UserInfo u = r.user();
        if (u.groups().contains(ALL_AUTHENTICATED)) {
            return r;
        }
        List<String> groups = new ArrayList<>(u.groups());
        groups.add(ALL_AUTHENTICATED);
        return new AuthenticationResponse(new UserInfo(u.username(), u.uid(), groups, u.extra()), r.audiences());
    }
}

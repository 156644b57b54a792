package io.capstan.apiserver.authentication;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** upstream's union.New (errors count only when nobody accepts) and union.NewFailOnError (the first error ends it). */
class AuthenticatorUnionTest {
    static final AuthenticationRequest REQUEST = AuthenticationRequest.ofHeaders(Map.of());
    static final Authenticator NOTHING = r -> Optional.empty();
    static final Authenticator REJECTS = r -> {
        throw new AuthenticationException("bad credentials");
    };

    static Authenticator accepts(String name) {
        return r -> Optional.of(AuthenticationResponse.of(new UserInfo(name, "", List.of(), Map.of())));
    }

    @Test
    void firstAcceptingAuthenticatorWinsDespiteEarlierErrors() throws Exception {
        assertEquals("b", AuthenticatorUnion.of(List.of(NOTHING, REJECTS, accepts("b"), accepts("c"))).authenticate(REQUEST)
                .orElseThrow().user().username());
    }

    @Test
    void errorsAreReportedWhenNobodyAccepts() {
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> AuthenticatorUnion.of(List.of(REJECTS, NOTHING, REJECTS)).authenticate(REQUEST));
        assertEquals("[bad credentials, bad credentials]", e.getMessage());
    }

    @Test
    void nobodyRecognisingTheRequestIsEmpty() throws Exception {
        assertTrue(AuthenticatorUnion.of(List.of(NOTHING, NOTHING)).authenticate(REQUEST).isEmpty());
    }

    @Test
    void failOnErrorStopsAtTheFirstError() {
        assertThrows(AuthenticationException.class,
                () -> AuthenticatorUnion.failOnError(List.of(REJECTS, new AnonymousAuthenticator())).authenticate(REQUEST));
    }

    @Test
    void groupAdderAddsSystemAuthenticatedOnce() throws Exception {
        Authenticator already = r -> Optional.of(AuthenticationResponse.of(new UserInfo("u", "", List.of("system:authenticated"), Map.of())));
        assertEquals(List.of("system:authenticated"), new AuthenticatedGroupAdder(already).authenticate(REQUEST).orElseThrow().user().groups());
        assertEquals(List.of("system:authenticated"), new AuthenticatedGroupAdder(accepts("x")).authenticate(REQUEST).orElseThrow().user().groups());
    }
}

package io.capstan.apiserver.authentication.tokenfile;

import io.capstan.apiserver.authentication.UserInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream's static token CSV: token,user,uid,"group1,group2". */
class TokenFileAuthenticatorTest {
    static final String CSV = """
            admin-token,admin,uid-1,"system:masters,ops"
            viewer-token,viewer,uid-2

            ,nobody,uid-3
            quoted-token,"last, first",uid-4,dev
            """;

    @Test
    void tokensMapToTheirUsers() {
        TokenFileAuthenticator a = TokenFileAuthenticator.parse(CSV, "tokens.csv");
        UserInfo admin = a.authenticateToken("admin-token", List.of()).orElseThrow().user();
        assertEquals("admin", admin.username());
        assertEquals("uid-1", admin.uid());
        assertEquals(List.of("system:masters", "ops"), admin.groups());
        assertEquals(List.of(), a.authenticateToken("viewer-token", List.of()).orElseThrow().user().groups());
        assertEquals("last, first", a.authenticateToken("quoted-token", List.of()).orElseThrow().user().username());
    }

    @Test
    void unknownAndEmptyTokensAreNotRecognised() {
        TokenFileAuthenticator a = TokenFileAuthenticator.parse(CSV, "tokens.csv");
        assertTrue(a.authenticateToken("nope", List.of()).isEmpty());
        assertTrue(a.authenticateToken("", List.of()).isEmpty());
    }

    @Test
    void recordsNeedThreeColumns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenFileAuthenticator.parse("t,user\n", "f.csv"));
        assertEquals("token file 'f.csv' must have at least 3 columns (token, user name, user uid), found 2", e.getMessage());
    }

    @Test
    void laterDuplicateWins() {
        TokenFileAuthenticator a = TokenFileAuthenticator.parse("t,first,1\nt,second,2\n", "f.csv");
        assertEquals("second", a.authenticateToken("t", List.of()).orElseThrow().user().username());
    }

    @Test
    void malformedQuotesAreAnError() {
        assertThrows(IllegalArgumentException.class, () -> TokenFileAuthenticator.parse("t,\"open,1\n", "f.csv"));
        assertThrows(IllegalArgumentException.class, () -> TokenFileAuthenticator.parse("t,us\"er,1\n", "f.csv"));
    }
}

package io.capstan.apiserver.authentication;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which Authorization headers carry a bearer token, as upstream's bearertoken authenticator reads them. */
class BearerTokenAuthenticatorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "<null>", value = {
            "Bearer abc|abc",
            "bearer abc|abc",
            "BEARER abc|abc",
            "  Bearer abc  |abc",
            "Bearer abc extra|abc",
            "Bearer  abc|<null>", // the space before the token: empty token, upstream warns and ignores it
            "Bearer|<null>",
            "Basic YWxpY2U6cGFzcw==|<null>",
            "''|<null>",
    })
    void tokenOfHeader(String header, String token) {
        assertEquals(token, BearerTokenAuthenticator.token(header));
    }
}

package io.capstan.apiserver.filters;

import io.capstan.apiserver.authentication.AnonymousAuthenticator;
import io.capstan.apiserver.authentication.AuthenticatedGroupAdder;
import io.capstan.apiserver.authentication.Authenticator;
import io.capstan.apiserver.authentication.AuthenticatorUnion;
import io.capstan.apiserver.authentication.BearerTokenAuthenticator;
import io.capstan.apiserver.authentication.TokenAuthenticatorUnion;
import io.capstan.apiserver.authentication.tokenfile.TokenFileAuthenticator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The filter in a real Helidon server: the user reaches the handler; bad credentials get upstream's exact 401. */
class AuthenticationFilterTest {
    static final String UNAUTHORIZED = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}";
    WebServer server;
    final HttpClient http = HttpClient.newHttpClient();

    void start(boolean anonymous) {
        var tokens = new TokenAuthenticatorUnion(List.of(TokenFileAuthenticator.parse("good,alice,uid-1,\"dev\"\n", "tokens.csv")));
        Authenticator chain = new AuthenticatedGroupAdder(AuthenticatorUnion.of(List.of(new BearerTokenAuthenticator(tokens, List.of()))));
        if (anonymous) {
            chain = AuthenticatorUnion.failOnError(List.of(chain, new AnonymousAuthenticator()));
        }
        AuthenticationFilter filter = new AuthenticationFilter(chain, List.of(), Optional.empty());
        server = WebServer.builder().port(0).host("127.0.0.1").routing(r -> r.addFilter(filter).get("/whoami", (req, res) -> {
            RequestContext ctx = RequestContext.of(req);
            res.send(ctx.user().username() + " " + ctx.user().groups() + " authz=["
                    + req.headers().first(HeaderNames.AUTHORIZATION).orElse("<none>") + "]");
        })).build().start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/whoami"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void validTokenReachesTheHandlerAsItsUserWithoutTheCredential() throws Exception {
        start(true);
        HttpResponse<String> r = get("Bearer good");
        assertEquals(200, r.statusCode());
        assertEquals("alice [dev, system:authenticated] authz=[]", r.body());
    }

    @Test
    void noCredentialsIsAnonymous() throws Exception {
        start(true);
        assertEquals("system:anonymous [system:unauthenticated] authz=[<none>]", get(null).body());
    }

    @Test
    void invalidTokenIsUpstreams401() throws Exception {
        start(true);
        HttpResponse<String> r = get("Bearer forged");
        assertEquals(401, r.statusCode());
        assertEquals(UNAUTHORIZED, r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void withoutAnonymousMissingCredentialsAre401() throws Exception {
        start(false);
        HttpResponse<String> r = get(null);
        assertEquals(401, r.statusCode());
        assertEquals(UNAUTHORIZED, r.body());
        assertEquals(200, get("Bearer good").statusCode());
    }
}

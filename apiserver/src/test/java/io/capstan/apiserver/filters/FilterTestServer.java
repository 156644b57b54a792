package io.capstan.apiserver.filters;

import io.capstan.apiserver.authentication.UserInfo;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A Helidon server on a free port with the given filters in front of test routes. Tests name the caller in
 * {@code X-Test-User}/{@code X-Test-Groups}, which {@link #IDENTITY} (test code only) puts in the request
 * context as authentication would.
 */
final class FilterTestServer implements AutoCloseable {
    /** Test-only stand-in for authentication: trusts headers, so it must never leave the test tree. */
    static final Filter IDENTITY = (chain, req, res) -> {
        var user = req.headers().first(HeaderNames.create("X-Test-User"));
        if (user.isPresent()) {
            List<String> groups = req.headers().first(HeaderNames.create("X-Test-Groups"))
                    .map(g -> Arrays.asList(g.split(","))).orElse(List.of("system:authenticated"));
            RequestContext.of(req).authenticated(new UserInfo(user.get(), "", groups, Map.of()), List.of());
        }
        chain.proceed();
    };

    final WebServer server;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FilterTestServer(List<Filter> filters, Consumer<HttpRouting.Builder> routes) {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> {
                    filters.forEach(r::addFilter);
                    routes.accept(r);
                }).build().start();
    }

    HttpResponse<String> send(String method, String path, String user, String groups) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}"));
        if (user != null) {
            b.header("X-Test-User", user);
        }
        if (groups != null) {
            b.header("X-Test-Groups", groups);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null);
    }

    @Override
    public void close() {
        server.stop();
        http.close();
    }
}

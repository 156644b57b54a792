package io.capstan.common.server;

import io.capstan.common.pki.TestPki;
import io.helidon.common.mapper.MapperManager;
import io.helidon.config.Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /livez}, {@code /readyz}, {@code /healthz} and {@code /metrics} of a service started by {@link ServiceLauncher}. */
class HealthServiceTest {
    private static HttpClient http;
    private static ServiceLauncher launcher;

    @BeforeAll
    static void start() throws Exception {
        http = TestPki.get().httpClient();
        launcher = ServiceLauncher.start(new TestService(), args(), false);
    }

    @AfterAll
    static void stop() {
        // Close the client first: idle keep-alive connections would hold the server's graceful stop for its grace period.
        http.close();
        if (launcher != null) {
            launcher.stop();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/livez                                   | 200 | ok",
            "/livez?verbose                           | 200 | '[+]ping ok\\n[+]storage ok\\nlivez check passed\\n'",
            "/readyz?exclude=informer-sync            | 200 | ok",
            "/readyz?verbose&exclude=informer-sync    | 200 | '[+]ping ok\\n[+]shutdown ok\\n[+]storage ok\\nreadyz check passed\\n'",
            "/readyz                                  | 500 | '[+]ping ok\\n[+]shutdown ok\\n[+]storage ok\\n[-]informer-sync failed: reason withheld\\nreadyz check failed\\n'",
            "/readyz?verbose                          | 500 | '[+]ping ok\\n[+]shutdown ok\\n[+]storage ok\\n[-]informer-sync failed: reason withheld\\nreadyz check failed\\n'",
            "/healthz                                 | 500 | '[+]ping ok\\n[+]shutdown ok\\n[+]storage ok\\n[-]informer-sync failed: reason withheld\\nhealthz check failed\\n'",
            "/healthz?exclude=informer-sync           | 200 | ok",
            "/readyz?exclude=informer-sync&exclude=x&verbose | 200 | '[+]ping ok\\n[+]shutdown ok\\n[+]storage ok\\nwarn: some health checks cannot be excluded: no matches for \"x\"\\nreadyz check passed\\n'",
            "/readyz/ping                             | 200 | ok",
            "/readyz/storage                          | 200 | ok",
            "/livez/storage                           | 200 | ok",
            "/readyz/informer-sync                    | 500 | 'internal server error: not synced\\n'",
            "/readyz/nope                             | 404 | '404 page not found\\n'",
            "/livez/informer-sync                     | 404 | '404 page not found\\n'",
            "/livez/shutdown                          | 404 | '404 page not found\\n'"})
    void servesChecksInUpstreamFormat(String path, int status, String body) throws Exception {
        HttpResponse<String> res = get(launcher, path);
        assertEquals(status, res.statusCode(), res.body());
        assertEquals(body.replace("\\n", "\n"), res.body());
        assertEquals("text/plain; charset=utf-8", res.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", res.headers().firstValue("X-Content-Type-Options").orElse(""));
    }

    @Test
    void theGlobalMapperManagerIsOneInstance() {
        // Helidon otherwise builds a new one per header or query parameter read (a quarter of the
        // API server's CPU under load); the launcher pins one.
        assertSame(MapperManager.global(), MapperManager.global());
    }

    @Test
    void servesPrometheusMetrics() throws Exception {
        HttpResponse<String> res = get(launcher, "/metrics");
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                res.headers().toString());
        assertTrue(res.body().contains("# TYPE jvm_memory_used_bytes gauge"), res.body());
        assertTrue(res.body().contains("jvm_memory_used_bytes{"), res.body());
    }

    @Test
    void shutdownFailsReadinessOnlyAndStopEndsTheService() throws Exception {
        TestService service = new TestService();
        ServiceLauncher second = ServiceLauncher.start(service, args(), false);
        try (HttpClient client = TestPki.get().httpClient()) {
            assertEquals(200, get(client, second, "/readyz?exclude=informer-sync").statusCode());
            second.health().shutdown();
            HttpResponse<String> ready = get(client, second, "/readyz?exclude=informer-sync");
            assertEquals(500, ready.statusCode());
            assertTrue(ready.body().contains("[-]shutdown failed: reason withheld\n"), ready.body());
            assertEquals(500, get(client, second, "/readyz/shutdown").statusCode());
            assertEquals(200, get(client, second, "/livez").statusCode(), "liveness has no shutdown check");
        } finally {
            second.stop();
        }
        assertTrue(service.beforeStop.get(), "beforeStop ran");
        assertTrue(service.closed.get(), "close ran");
    }

    @Test
    void checksAreListedByKind() {
        HealthChecks checks = new HealthChecks().addLiveness("a", () -> null).addReadiness("b", () -> "no");
        assertEquals(List.of("ping", "a"), List.copyOf(checks.checks("livez").keySet()));
        assertEquals(List.of("ping", "shutdown", "a", "b"), List.copyOf(checks.checks("readyz").keySet()));
        assertEquals(checks.checks("readyz").keySet(), checks.checks("healthz").keySet());
        assertNull(checks.checks("readyz").get("shutdown").check());
        checks.shutdown();
        assertNotNull(checks.checks("readyz").get("shutdown").check());
    }

    private static String[] args() {
        List<String> args = new java.util.ArrayList<>(List.of("--secure-port=0"));
        args.addAll(TestPki.get().servingFlags());
        return args.toArray(String[]::new);
    }

    private static HttpResponse<String> get(ServiceLauncher l, String path) throws Exception {
        return get(http, l, path);
    }

    private static HttpResponse<String> get(HttpClient client, ServiceLauncher l, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + l.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A service with a passing liveness check and a failing readiness check. */
    private static final class TestService implements CapstanService {
        final AtomicBoolean beforeStop = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public String name() {
            return "capstan-health-test";
        }

        @Override
        public String description() {
            return "Serves health checks for a test.";
        }

        @Override
        public List<Flag> flags() {
            return List.of();
        }

        @Override
        public Running start(Config config, HealthChecks health, PrometheusMeterRegistry metrics) {
            health.addLiveness("storage", () -> null);
            health.addReadiness("informer-sync", () -> "not synced");
            return new Running() {
                @Override
                public void beforeStop() {
                    beforeStop.set(true);
                }

                @Override
                public void close() {
                    closed.set(true);
                }
            };
        }
    }
}

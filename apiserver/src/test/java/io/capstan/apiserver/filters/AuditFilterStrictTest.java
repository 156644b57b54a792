package io.capstan.apiserver.filters;

import io.capstan.apiserver.audit.Backend;
import io.capstan.apiserver.audit.Event;
import io.capstan.apiserver.audit.Level;
import io.capstan.apiserver.audit.Policy;
import io.capstan.apiserver.audit.PolicyRule;
import io.capstan.apiserver.audit.PolicyRuleEvaluator;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --audit-log-mode=blocking-strict}: a request whose RequestReceived event cannot be stored fails with 500. */
class AuditFilterStrictTest {

    @Test
    void aLostRequestReceivedEventFailsTheRequest() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Backend failing = new Backend() {
            @Override
            public boolean processEvent(Event event) {
                return false;
            }

            @Override
            public void close() {
            }
        };
        PolicyRuleEvaluator policy = new PolicyRuleEvaluator(new Policy(List.of(PolicyRule.of(Level.METADATA)), Set.of(), false));
        WebServer server = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.addFilter(new AuditFilter(policy, failing, Clock.systemUTC()))
                        .get("/x", (req, res) -> {
                            handled.incrementAndGet();
                            res.send("ok");
                        }))
                .build().start();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode());
            assertTrue(r.body().contains("\"message\":\"Internal error occurred: failed to store audit event\""), r.body());
            assertTrue(r.body().contains("\"reason\":\"InternalError\""), r.body());
            assertEquals(0, handled.get(), "the handler never ran");
        } finally {
            server.stop();
        }
    }
}

package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 6, item 7: crafted requests (malformed JSON and YAML, deep nesting, huge bodies, wrong types, invalid
 * names and namespaces, bad selectors and options, bogus patches, unknown methods, broken headers) each get
 * upstream's 4xx {@code Status}, never a 5xx and never a hang, sent to the front door (the aggregator) and to
 * the API server directly; clients that stall in their headers or body are cut off while others are served;
 * afterwards the services are up and every stored object is as before.
 *
 * <p>Every request goes through {@link #check}, one {@link RawHttp} per target, over TLS with the admin client
 * certificate; the forged credentials of {@link HostileCredentials} (forged service-account JWTs, certificates
 * from another CA or unfit for client authentication, forged front-proxy and impersonation headers) bring their
 * own connector (no client certificate, or the forged one) and must get upstream's 401, or 403 where upstream
 * treats the request as anonymous. Their setup (a service account, tokens bound to a Secret and a Pod that are
 * then deleted) runs before the stored objects are summed.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class HostileInputIT {
    /** Longer than any single answer may take on a loaded 2-core machine; a hang fails the case. */
    private static final Duration PER_REQUEST = Duration.ofSeconds(Long.getLong("capstan.e2e.hostile.request-timeout-seconds", 60));
    /** Upstream's ReadHeaderTimeout is 32 s; the server must have cut a stalled client off well within this. */
    private static final Duration STALL_CUT_OFF = Duration.ofSeconds(75);

    @Test
    void hostileRequestsGetUpstreamStatusesAndChangeNothing(LocalControlPlane plane) throws Exception {
        RawHttp frontDoor = new RawHttp(plane.aggregatorUrl(), RawHttp.tls(plane.sslContext()));
        RawHttp apiserver = new RawHttp(plane.apiserverUrl(), RawHttp.tls(plane.sslContext()));
        List<HostileRequest> cases = new ArrayList<>(HostileRequests.all());
        cases.addAll(HostileCredentials.all(plane));
        Map<String, String> before = StoredObjects.checksums(frontDoor);

        // Slow clients first, so that they stall while everything else runs.
        List<SlowClient> slow = List.of(
                SlowClient.halfHeaders(frontDoor), SlowClient.halfHeaders(apiserver),
                SlowClient.unfinishedBody(frontDoor), SlowClient.unfinishedBody(apiserver));
        long slowStart = System.nanoTime();

        List<String> failures = new ArrayList<>();
        Map<String, int[]> perCategory = new LinkedHashMap<>();
        int sent = 0;
        for (RawHttp target : List.of(frontDoor, apiserver)) {
            for (HostileRequest c : cases) {
                String failure = check(target, c);
                sent++;
                perCategory.computeIfAbsent(c.category(), k -> new int[2])[failure == null ? 0 : 1]++;
                if (failure != null) {
                    failures.add(target.server() + " " + c + ": " + failure);
                }
            }
        }
        // Others are served while the slow clients stall.
        assertEquals(200, send(frontDoor, "GET", "/api/v1/namespaces/default").code());

        List<String> slowFailures = new ArrayList<>();
        for (SlowClient s : slow) {
            Duration left = STALL_CUT_OFF.minusNanos(System.nanoTime() - slowStart);
            String outcome = s.awaitCutOff(left.isNegative() ? Duration.ofSeconds(1) : left);
            if (outcome != null) {
                slowFailures.add(s + ": " + outcome);
            }
        }

        System.out.printf("hostile input: %d crafted requests (%d cases x 2 targets) + %d slow clients; per category (ok/failed): %s%n",
                sent, cases.size(), slow.size(), describe(perCategory));
        for (String service : List.of("apiserver", "aggregator")) {
            assertEquals(200, send(new RawHttp(plane.serviceUrl(service), RawHttp.tls(plane.sslContext())), "GET", "/readyz").code(), service + " is ready");
        }
        Map<String, String> after = StoredObjects.checksums(frontDoor);

        assertTrue(cases.size() >= 200, "at least 200 crafted requests per target, got " + cases.size());
        if (!failures.isEmpty() || !slowFailures.isEmpty()) {
            fail(failures.size() + " of " + sent + " requests and " + slowFailures.size() + " slow clients did not get upstream's answer:\n"
                    + String.join("\n", failures) + "\n" + String.join("\n", slowFailures));
        }
        Map<String, String> changed = new java.util.TreeMap<>();
        before.forEach((resource, sum) -> {
            if (!sum.equals(after.get(resource))) {
                changed.put(resource, sum + " -> " + after.get(resource));
            }
        });
        after.keySet().stream().filter(r -> !before.containsKey(r)).forEach(r -> changed.put(r, "(new) " + after.get(r)));
        assertEquals(Map.of(), changed, "stored objects changed (" + before.size() + " resources checked)");
        assertTrue(before.containsKey("services") && before.containsKey("namespaces"), "the checksum covers the stored objects: " + before.keySet());
    }

    /** Sends one case; null when the answer is the expected Status, else what was wrong. */
    private static String check(RawHttp defaultTarget, HostileRequest c) {
        RawHttp target = c.connector() == null ? defaultTarget : defaultTarget.with(c.connector());
        RawHttp.Response r;
        try {
            byte[] head = c.rawHead() != null ? c.rawHead() : target.head(c.method(), c.path(), c.headers(), c.body());
            r = target.exchange(head, c.body(), PER_REQUEST);
        } catch (SocketTimeoutException e) {
            return "no answer within " + PER_REQUEST.toSeconds() + " s (a hang)";
        } catch (IOException e) {
            return "no answer: " + e;
        }
        JsonNode status = r.json();
        String got = r.code() + " " + (status == null ? "(not JSON) " + abbreviate(r.text())
                : status.path("kind").asText() + " " + status.path("reason").asText() + " " + status.path("code").asText()
                + " \"" + abbreviate(status.path("message").asText()) + "\"");
        if (r.code() >= 500) {
            return "a server error: " + got;
        }
        if (status == null || !status.path("kind").asText().equals("Status") || !status.path("apiVersion").asText().equals("v1")) {
            return "not a Status: " + got;
        }
        if (r.code() != c.code() || status.path("code").asInt() != c.code() || !status.path("reason").asText().equals(c.reason())
                || !status.path("status").asText().equals("Failure")) {
            return "got " + got;
        }
        if (c.code() == 401 && !status.path("message").asText().equals("Unauthorized")) {
            // Upstream's failed-authentication answer never says why.
            return "a 401 whose message is not upstream's \"Unauthorized\": " + got;
        }
        return null;
    }

    private static RawHttp.Response send(RawHttp target, String method, String path) throws IOException {
        return target.exchange(target.head(method, path, Map.of(), new byte[0]), new byte[0], PER_REQUEST);
    }

    private static String describe(Map<String, int[]> perCategory) {
        StringBuilder sb = new StringBuilder();
        perCategory.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v[0]).append('/').append(v[1]));
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /** A client that sends part of a request and then nothing; the server must close the connection. */
    private static final class SlowClient {
        private final String what;
        private final Socket socket;
        private final CompletableFuture<String> cutOff = new CompletableFuture<>();

        private SlowClient(String what, RawHttp target, String partial) throws IOException {
            this.what = what + " to " + target.server();
            this.socket = target.open();
            OutputStream out = socket.getOutputStream();
            out.write(partial.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.ofVirtual().start(() -> {
                try (InputStream in = socket.getInputStream()) {
                    byte[] answer = in.readAllBytes();
                    // Closed by the server: with nothing, or with a 4xx for the incomplete request.
                    String text = new String(answer, StandardCharsets.ISO_8859_1);
                    cutOff.complete(answer.length == 0 || text.matches("(?s)HTTP/1\\.1 4\\d\\d .*") ? null
                            : "answered " + text.lines().findFirst().orElse(""));
                } catch (IOException e) {
                    cutOff.complete(null); // reset by the server: cut off
                }
            });
        }

        static SlowClient halfHeaders(RawHttp target) throws IOException {
            return new SlowClient("half the headers", target, "GET /api/v1/namespaces HTTP/1.1\r\nHost: " + target.server().getHost()
                    + "\r\nAccept: application/js");
        }

        static SlowClient unfinishedBody(RawHttp target) throws IOException {
            return new SlowClient("a body announced with Content-Length but never finished", target,
                    "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: " + target.server().getHost()
                            + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\":\"v1\",");
        }

        /** Null when the server closed the connection in time, else what happened. */
        String awaitCutOff(Duration timeout) throws InterruptedException {
            try {
                return cutOff.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return "still open after " + STALL_CUT_OFF.toSeconds() + " s";
            } catch (java.util.concurrent.ExecutionException e) {
                return "failed: " + e.getCause();
            } finally {
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }

        @Override
        public String toString() {
            return what;
        }
    }
}

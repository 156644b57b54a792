package io.capstan.aggregator;

import io.capstan.common.server.HealthCheck;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Readiness of the aggregator depends on the API server behind it: a front door that can only answer
 * 503 should not receive traffic. Passes when the API server's {@code /readyz} answers 200.
 */
final class BackendReadyCheck implements HealthCheck {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final HttpClient client;
    private final URI readyz;

    BackendReadyCheck(HttpClient client, URI readyz) {
        this.client = client;
        this.readyz = readyz;
    }

    @Override
    public String check() {
        HttpRequest request = HttpRequest.newBuilder(readyz).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200 ? null : readyz + " answered " + response.statusCode();
        } catch (IOException e) {
            return readyz + " unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}

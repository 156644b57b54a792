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
        // Over the front-proxy certificate the API server only accepts a request that names its user (a bare
        // front-proxy certificate is not a client certificate it knows: 401). The probe carries no credential of a
        // caller, so it asks as system:anonymous, whom upstream's system:public-info-viewer lets read /readyz.
        HttpRequest request = HttpRequest.newBuilder(readyz).timeout(TIMEOUT)
                .header("X-Remote-User", "system:anonymous")
                .header("X-Remote-Group", "system:unauthenticated")
                .GET().build();
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

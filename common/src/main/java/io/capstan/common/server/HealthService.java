package io.capstan.common.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Serves {@code /livez}, {@code /readyz} and {@code /healthz} in upstream's format: {@code ok}, or with
 * {@code ?verbose} one {@code [+]name ok} / {@code [-]name failed: reason withheld} line per check;
 * {@code ?exclude=name} skips a check; {@code /readyz/<name>} runs one check.
 */
public final class HealthService implements HttpService {
    private static final Logger LOG = Logger.getLogger(HealthService.class.getName());
    private final HealthChecks checks;

    public HealthService(HealthChecks checks) {
        this.checks = checks;
    }

    @Override
    public void routing(HttpRules rules) {
        for (String kind : new String[] {"livez", "readyz", "healthz"}) {
            rules.get("/" + kind, (req, res) -> all(kind, req, res));
            rules.get("/" + kind + "/{check}", (req, res) -> one(kind, req, res));
        }
    }

    private void all(String kind, ServerRequest req, ServerResponse res) {
        boolean verbose = req.query().contains("verbose");
        Set<String> excluded = new HashSet<>(req.query().all("exclude", java.util.List::of));
        StringBuilder body = new StringBuilder();
        boolean healthy = true;
        for (Map.Entry<String, HealthCheck> e : checks.checks(kind).entrySet()) {
            if (excluded.remove(e.getKey())) {
                continue;
            }
            String failure = run(e.getValue());
            if (failure == null) {
                body.append("[+]").append(e.getKey()).append(" ok\n");
            } else {
                healthy = false;
                body.append("[-]").append(e.getKey()).append(" failed: reason withheld\n");
                LOG.warning(kind + " check " + e.getKey() + " failed: " + failure);
            }
        }
        for (String unknown : excluded) {
            body.append("warn: some health checks cannot be excluded: no matches for \"").append(unknown).append("\"\n");
        }
        String text;
        if (healthy) {
            text = verbose ? body + kind + " check passed\n" : "ok";
        } else {
            text = body + kind + " check failed\n";
        }
        send(res, healthy ? Status.OK_200 : Status.INTERNAL_SERVER_ERROR_500, text);
    }

    private void one(String kind, ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("check");
        HealthCheck check = checks.checks(kind).get(name);
        if (check == null) {
            send(res, Status.NOT_FOUND_404, "404 page not found\n");
            return;
        }
        String failure = run(check);
        if (failure == null) {
            send(res, Status.OK_200, "ok");
        } else {
            send(res, Status.INTERNAL_SERVER_ERROR_500, "internal server error: " + failure + "\n");
        }
    }

    private static String run(HealthCheck check) {
        try {
            return check.check();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    private static void send(ServerResponse res, Status status, String text) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        res.send(text.getBytes(StandardCharsets.UTF_8));
    }
}

package io.capstan.apiserver.filters;

import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Upstream's {@code tooManyRequests} answer of the max-in-flight and priority-and-fairness filters: 429
 * with {@code Retry-After} and the message "Too many requests, please try again later.", sent as a
 * {@code TooManyRequests} Status (upstream writes the same text as plain text; clients read both alike).
 */
public final class TooManyRequests {
    /** Upstream's message. */
    public static final String MESSAGE = "Too many requests, please try again later.";

    private TooManyRequests() {
    }

    /** The Status, with {@code details.retryAfterSeconds}. */
    public static StatusException status(int retryAfterSeconds) {
        StatusException e = Statuses.of(429, "TooManyRequests", MESSAGE);
        StatusDetails details = new StatusDetails();
        details.setRetryAfterSeconds(retryAfterSeconds);
        e.status().setDetails(details);
        return e;
    }

    /** Answers the request with 429 and {@code Retry-After: retryAfterSeconds}. */
    public static void send(ServerResponse res, int retryAfterSeconds) {
        StatusException e = status(retryAfterSeconds);
        res.status(Status.create(429));
        res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        res.send(Json.bytes(e.status()));
    }
}

package io.capstan.common.server;

import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Answers what the web server refuses before any route runs (a malformed request line or header, headers
 * over the limit, a body over {@code server.max-payload-size}) with a {@code Status} object carrying
 * upstream's reason, as every other error of the API, instead of an empty body. Never echoes the request.
 */
public final class StatusDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders responseHeaders, Throwable thrown) {
        // A request line the server cannot parse (a method with illegal characters) reaches here as an
        // internal error; it is the client's: 400, as Go's server answers it.
        if (eventType == EventType.INTERNAL_ERROR && causedBy(thrown, IllegalArgumentException.class)) {
            return handle(request, EventType.BAD_REQUEST, Status.BAD_REQUEST_400, responseHeaders, "");
        }
        return handle(request, eventType, status, responseHeaders, thrown == null ? "" : String.valueOf(thrown.getMessage()));
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 10; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders responseHeaders, String message) {
        if (eventType == EventType.INTERNAL_ERROR && (request == null || request.path() == null || request.path().isEmpty())) {
            // The request line itself could not be parsed (e.g. a method with illegal characters); Go's server
            // answers that with a 400, and it is the client's fault, not the server's.
            return handle(request, EventType.BAD_REQUEST, Status.BAD_REQUEST_400, responseHeaders, "");
        }
        if (status.code() == 414) {
            // Go's server answers a request line over MaxHeaderBytes (1 MiB) with 431. (Headers over the limit
            // arrive here as a plain 400 the web server does not tell apart from malformed ones.)
            status = Status.create(431, "Request Header Fields Too Large");
        }
        int code = status.code();
        byte[] body = Json.bytes(Statuses.of(code, reason(code), message(code, status)).status());
        TransportResponse.Builder response = TransportResponse.builder()
                .status(status)
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .entity(body);
        return response.keepAlive(eventType.keepAlive()).build();
    }

    /** Upstream's {@code metav1.StatusReason} for the code; {@code ""} (StatusReasonUnknown) where it has none. */
    static String reason(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            case 500 -> "InternalError";
            case 503 -> "ServiceUnavailable";
            default -> "";
        };
    }

    /** A fixed message per code: the server's own text may quote the offending request. */
    private static String message(int code, Status status) {
        return switch (code) {
            case 413 -> "Request entity too large: limit is " + ServiceLauncher.MAX_REQUEST_BODY_BYTES;
            case 431 -> "the request's headers exceed the server's limit";
            case 400 -> "the request is malformed: " + status.reasonPhrase();
            default -> status.reasonPhrase();
        };
    }
}

package io.capstan.common.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What the web server refuses before routing becomes a Status object with upstream's code and reason. */
class StatusDirectHandlerTest {
    private final StatusDirectHandler handler = new StatusDirectHandler();

    @Test
    void aBodyOverTheLimitIsRequestEntityTooLarge() throws Exception {
        DirectHandler.TransportResponse r = handler.handle(DirectHandler.TransportRequest.empty(), DirectHandler.EventType.PAYLOAD_TOO_LARGE,
                Status.REQUEST_ENTITY_TOO_LARGE_413, ServerResponseHeaders.create(), "too large");
        JsonNode status = Json.MAPPER.readTree(r.entity().orElseThrow());
        assertEquals(413, r.status().code());
        assertEquals("Status", status.path("kind").asText());
        assertEquals("Failure", status.path("status").asText());
        assertEquals("RequestEntityTooLarge", status.path("reason").asText());
        assertEquals(413, status.path("code").asInt());
        assertEquals("Request entity too large: limit is 3145728", status.path("message").asText(), "upstream's message, with its 3 MiB limit");
    }

    @Test
    void aRequestLineOverTheLimitIs431AsInGo() throws Exception {
        DirectHandler.TransportResponse r = handler.handle(DirectHandler.TransportRequest.empty(), DirectHandler.EventType.OTHER,
                Status.REQUEST_URI_TOO_LONG_414, ServerResponseHeaders.create(), "");
        assertEquals(431, r.status().code());
        assertEquals(431, Json.MAPPER.readTree(r.entity().orElseThrow()).path("code").asInt());
    }

    @Test
    void anUnparsableRequestLineIsABadRequestNotAnInternalError() throws Exception {
        DirectHandler.TransportResponse r = handler.handle(DirectHandler.TransportRequest.empty(), DirectHandler.EventType.INTERNAL_ERROR,
                Status.INTERNAL_SERVER_ERROR_500, ServerResponseHeaders.create(), new IllegalArgumentException("Token contains illegal character"));
        assertEquals(400, r.status().code());
        JsonNode status = Json.MAPPER.readTree(r.entity().orElseThrow());
        assertEquals("BadRequest", status.path("reason").asText());
        assertFalse(status.path("message").asText().contains("Token"), "the request is not echoed");
    }

    @Test
    void reasonsAreUpstreams() {
        assertEquals("RequestEntityTooLarge", StatusDirectHandler.reason(413));
        assertEquals("BadRequest", StatusDirectHandler.reason(400));
        assertEquals("", StatusDirectHandler.reason(431), "upstream has no reason for 431");
    }
}

package io.capstan.common.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Reads watch events from a response body as they arrive: Jackson's streaming parser reads one JSON
 * object at a time from the socket, so an event is delivered as soon as its last byte is in, whatever
 * the chunking, and the body is never buffered whole.
 */
final class WatchStream implements Watch {
    private final InputStream body;
    /** Made on first read: creating it reads ahead to detect the encoding, which would block an idle watch. */
    private JsonParser parser;
    private volatile boolean closed;
    /** The thread blocked in {@link #next()}: the JDK's response stream only wakes it on interrupt. */
    private volatile Thread reader;

    WatchStream(InputStream body) {
        this.body = body;
    }

    @Override
    public WatchEvent next() throws IOException {
        if (closed) {
            return null;
        }
        reader = Thread.currentThread();
        try {
            if (parser == null) {
                parser = Json.MAPPER.getFactory().createParser(body);
            }
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            if (token != JsonToken.START_OBJECT) {
                throw new IOException("watch stream holds " + token + " where an event object was expected");
            }
            JsonNode event = Json.MAPPER.readTree(parser);
            String type = event.path("type").asText("");
            JsonNode object = event.get("object");
            if (!(object instanceof ObjectNode o)) {
                throw new IOException("watch event of type \"" + type + "\" has no object");
            }
            try {
                return new WatchEvent(WatchEvent.Type.valueOf(type.toUpperCase(Locale.ROOT)), o);
            } catch (IllegalArgumentException e) {
                throw new IOException("unknown watch event type \"" + type + "\"", e);
            }
        } catch (IOException e) {
            if (closed) {
                Thread.interrupted(); // our own wake-up call, not the caller's
                return null;
            }
            throw e;
        } finally {
            reader = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread blocked = reader;
        if (blocked != null && blocked != Thread.currentThread()) {
            blocked.interrupt();
        }
        try {
            body.close();
        } catch (IOException ignored) {
            // The stream is being abandoned; a failure to close it changes nothing for the caller.
        }
    }
}

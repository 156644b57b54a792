package io.capstan.apiserver.audit;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One JSON line per event; failures are reported, not thrown; nothing is written after close. */
class LogBackendTest {
    static Event event(String id) {
        return new Event(Level.METADATA, id, "/api", "get", UserInfo.ANONYMOUS, List.of(), "", null, Instant.EPOCH);
    }

    @Test
    void writesOneLinePerEventUntilClosed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogBackend b = new LogBackend(out, true);
        assertTrue(b.processEvent(event("a")));
        assertTrue(b.processEvent(event("b")));
        b.close();
        assertFalse(b.processEvent(event("c")));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        assertEquals("a", Json.tree(lines[0].getBytes(StandardCharsets.UTF_8)).get("auditID").asText());
        assertEquals("b", Json.tree(lines[1].getBytes(StandardCharsets.UTF_8)).get("auditID").asText());
    }

    @Test
    void aWriteFailureIsReportedAndIgnoredInBlockingMode() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertFalse(new LogBackend(broken, true).processEvent(event("a")));
        assertTrue(new IgnoreErrorsBackend(new LogBackend(broken, true)).processEvent(event("a")));
    }
}

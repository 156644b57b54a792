package io.capstan.common.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogFormatterTest {
    private static final Instant AT = Instant.parse("2024-05-06T07:08:09.123Z");
    private final LogFormatter formatter = new LogFormatter("capstan-test");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "SEVERE  | ERROR",
            "WARNING | 'WARN '",
            "INFO    | 'INFO '",
            "CONFIG  | 'CONF '",
            "FINE    | DEBUG",
            "FINER   | DEBUG",
            "FINEST  | DEBUG"})
    void namesLevelsInFiveColumns(String julLevel, String shown) {
        String line = formatter.format(record(Level.parse(julLevel), "io.capstan.apiserver.ApiHandler", "hello"));
        assertEquals(AT + " " + shown + " capstan-test [ApiHandler] hello\n", line);
    }

    @Test
    void componentIsTheLoggerSimpleNameOrMain() {
        assertEquals("ApiHandler", LogFormatter.component("io.capstan.apiserver.ApiHandler"));
        assertEquals("plain", LogFormatter.component("plain"));
        assertEquals("main", LogFormatter.component(""));
        assertEquals("main", LogFormatter.component(null));
    }

    @Test
    void multiLineMessageStaysOnOneLine() {
        String line = formatter.format(record(Level.INFO, "x.Y", "first\nsecond\r\nthird"));
        assertEquals(AT + " INFO  capstan-test [Y] first second  third\n", line);
    }

    @Test
    void parametersAreFormatted() {
        LogRecord r = record(Level.INFO, "x.Y", "listening on {0}:{1}");
        r.setParameters(new Object[] {"127.0.0.1", "6443"});
        assertEquals(AT + " INFO  capstan-test [Y] listening on 127.0.0.1:6443\n", formatter.format(r));
    }

    @Test
    void throwableIsFoldedOntoTheSameLine() {
        LogRecord r = record(Level.SEVERE, "x.Y", "request failed");
        r.setThrown(new IllegalStateException("bad\nstate", new IOException("disk full")));
        String line = formatter.format(r);
        assertEquals(1, line.chars().filter(c -> c == '\n').count(), line);
        assertTrue(line.endsWith("\"\n"), line);
        assertTrue(line.startsWith(AT + " ERROR capstan-test [Y] request failed error=\"java.lang.IllegalStateException: bad state at "),
                line);
        assertTrue(line.contains(" <- caused by java.io.IOException: disk full at "), line);
        assertTrue(line.contains("LogFormatterTest.throwableIsFoldedOntoTheSameLine"), line);
    }

    @Test
    void causeChainIsCutAfterFourThrowables() {
        Throwable t = new RuntimeException("e5");
        for (int i = 4; i >= 1; i--) {
            t = new RuntimeException("e" + i, t);
        }
        LogRecord r = record(Level.WARNING, "x.Y", "deep");
        r.setThrown(t);
        String line = formatter.format(r);
        assertTrue(line.contains("RuntimeException: e4"), line);
        assertTrue(!line.contains("RuntimeException: e5"), line);
    }

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord r = new LogRecord(level, message);
        r.setLoggerName(logger);
        r.setInstant(AT);
        return r;
    }
}

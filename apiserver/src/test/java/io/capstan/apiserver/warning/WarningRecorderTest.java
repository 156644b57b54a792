package io.capstan.apiserver.warning;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WarningRecorderTest {

    @Test
    void headerValuesAreQuotedOnceEachAndOnlyWithinARequest() {
        WarningRecorder.add("dropped: no request");
        WarningRecorder.begin();
        try {
            WarningRecorder.add("use \"x\" instead");
            WarningRecorder.add("a\\b");
            WarningRecorder.add("use \"x\" instead");
            WarningRecorder.add("");
            assertEquals(List.of("299 - \"use \\\"x\\\" instead\"", "299 - \"a\\\\b\""), WarningRecorder.drainHeaderValues());
            assertEquals(List.of(), WarningRecorder.drainHeaderValues());
        } finally {
            WarningRecorder.end();
        }
    }
}

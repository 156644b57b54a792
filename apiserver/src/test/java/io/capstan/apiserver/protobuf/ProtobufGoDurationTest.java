package io.capstan.apiserver.protobuf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** metav1.Duration's JSON is Go's time.Duration.String(); these pairs are Go's own outputs. */
class ProtobufGoDurationTest {

    @ParameterizedTest(name = "{0}ns is {1}")
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "999, 999ns",
            "1500, 1.5\u00b5s",
            "1000000, 1ms",
            "1100000, 1.1ms",
            "300000000, 300ms",
            "1000000000, 1s",
            "1500000000, 1.5s",
            "30000000000, 30s",
            "90000000000, 1m30s",
            "3600000000000, 1h0m0s",
            "7384005000000, 2h3m4.005s",
            "-1000000000, -1s",
            "-1500, -1.5\u00b5s",
            "9223372036854775807, 2562047h47m16.854775807s",
            "-9223372036854775808, -2562047h47m16.854775808s"})
    void formatsLikeGo(long nanos, String expected) {
        assertEquals(expected, GoDurationFormat.format(nanos));
    }
}

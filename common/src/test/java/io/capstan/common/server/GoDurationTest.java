package io.capstan.common.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Go's time.ParseDuration, for the forms upstream flags take. */
class GoDurationTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                arguments("0", Duration.ZERO),
                arguments("0s", Duration.ZERO),
                arguments("300ms", Duration.ofMillis(300)),
                arguments("15s", Duration.ofSeconds(15)),
                arguments("5m", Duration.ofMinutes(5)),
                arguments("2h", Duration.ofHours(2)),
                arguments("1.5h", Duration.ofMinutes(90)),
                arguments("1h30m", Duration.ofMinutes(90)),
                arguments("1h30m15s", Duration.ofSeconds(5415)),
                arguments("2h45m30.5s", Duration.ofMillis(9_930_500)),
                arguments("1ns", Duration.ofNanos(1)),
                arguments("1us", Duration.ofNanos(1_000)),
                arguments("1µs", Duration.ofNanos(1_000)),
                arguments("1.5ms", Duration.ofNanos(1_500_000)),
                arguments("0.5s", Duration.ofMillis(500)),
                // Decimal fractions are exact, as in Go: no binary floating-point rounding down.
                arguments("2.3h", Duration.ofMinutes(138)),
                arguments("0.29h", Duration.ofSeconds(1044)),
                arguments("4.35h", Duration.ofSeconds(15_660)),
                arguments("1.1s", Duration.ofMillis(1_100)),
                arguments(" 10s ", Duration.ofSeconds(10)));
    }

    @ParameterizedTest
    @MethodSource("durations")
    void parsesLikeGo(String text, Duration expected) {
        assertEquals(expected, GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "1d", "1h 30m", "h1", "1.5.5s", "1hm", "ten seconds", "1s!", "1S"})
    void rejectsWhatIsNotADuration(String text) {
        UsageException e = assertThrows(UsageException.class, () -> GoDuration.parse(text));
        assertTrue(e.getMessage().contains("invalid duration \"" + text + "\""), e.getMessage());
    }
}

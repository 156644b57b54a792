package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Cases from upstream's k8s.io/apimachinery/pkg/util/duration/duration_test.go (HumanDuration). */
class AgeTest {
    private static final Duration S = Duration.ofSeconds(1);
    private static final Duration MS = Duration.ofMillis(1);
    private static final Duration M = Duration.ofMinutes(1);
    private static final Duration H = Duration.ofHours(1);
    private static final Duration D = Duration.ofDays(1);
    private static final Duration Y = D.multipliedBy(365);

    static Stream<Arguments> humanDuration() {
        return Stream.of(
                arguments(S, "1s"),
                arguments(S.multipliedBy(70), "70s"),
                arguments(S.multipliedBy(190), "3m10s"),
                arguments(M.multipliedBy(70), "70m"),
                arguments(H.multipliedBy(47), "47h"),
                arguments(H.multipliedBy(49), "2d1h"),
                arguments(H.multipliedBy(8 * 24 + 2), "8d"),
                arguments(H.multipliedBy(367 * 24), "367d"),
                arguments(H.multipliedBy(365 * 2 * 24 + 25), "2y1d"),
                arguments(H.multipliedBy(365 * 8 * 24 + 2), "8y"));
    }

    static Stream<Arguments> humanDurationBoundaries() {
        return Stream.of(
                arguments(S.multipliedBy(-2), "<invalid>"),
                arguments(S.multipliedBy(-2).plusNanos(1), "0s"),
                arguments(S.negated(), "0s"),
                arguments(Duration.ZERO, "0s"),
                arguments(S.minus(MS), "0s"),
                arguments(M.multipliedBy(2).minus(MS), "119s"),
                arguments(M.multipliedBy(2), "2m"),
                arguments(M.multipliedBy(2).plus(S), "2m1s"),
                arguments(M.multipliedBy(10).minus(MS), "9m59s"),
                arguments(M.multipliedBy(10), "10m"),
                arguments(M.multipliedBy(10).plus(S), "10m"),
                arguments(H.multipliedBy(3).minus(MS), "179m"),
                arguments(H.multipliedBy(3), "3h"),
                arguments(H.multipliedBy(3).plus(M), "3h1m"),
                arguments(H.multipliedBy(8).minus(MS), "7h59m"),
                arguments(H.multipliedBy(8), "8h"),
                arguments(H.multipliedBy(8).plus(M.multipliedBy(59)), "8h"),
                arguments(D.multipliedBy(2).minus(MS), "47h"),
                arguments(D.multipliedBy(2), "2d"),
                arguments(D.multipliedBy(2).plus(H), "2d1h"),
                arguments(D.multipliedBy(8).minus(MS), "7d23h"),
                arguments(D.multipliedBy(8), "8d"),
                arguments(D.multipliedBy(8).plus(H.multipliedBy(23)), "8d"),
                arguments(Y.multipliedBy(2).minus(MS), "729d"),
                arguments(Y.multipliedBy(2), "2y"),
                arguments(Y.multipliedBy(2).plus(H.multipliedBy(23)), "2y"),
                arguments(Y.multipliedBy(2).plus(H.multipliedBy(23)).plus(M.multipliedBy(59)), "2y"),
                arguments(Y.multipliedBy(2).plus(D).minus(MS), "2y"),
                arguments(Y.multipliedBy(2).plus(D), "2y1d"),
                arguments(Y.multipliedBy(3), "3y"),
                arguments(Y.multipliedBy(4), "4y"),
                arguments(Y.multipliedBy(5), "5y"),
                arguments(Y.multipliedBy(6), "6y"),
                arguments(Y.multipliedBy(7), "7y"),
                arguments(Y.multipliedBy(8).minus(MS), "7y364d"),
                arguments(Y.multipliedBy(8), "8y"),
                arguments(Y.multipliedBy(8).plus(D.multipliedBy(364)), "8y"),
                arguments(Y.multipliedBy(9), "9y"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource({"humanDuration", "humanDurationBoundaries"})
    void formatsLikeHumanDuration(Duration d, String expected) {
        assertEquals(expected, Age.human(d));
    }

    @Test
    void ageOfAnObjectComesFromItsCreationTimestamp() {
        ObjectNode obj = Json.MAPPER.createObjectNode();
        assertEquals("<unknown>", Age.of(obj));
        obj.putObject("metadata").put("creationTimestamp", "not a time");
        assertEquals("<unknown>", Age.of(obj));
        ((ObjectNode) obj.get("metadata")).put("creationTimestamp", Instant.now().minus(Duration.ofDays(3)).toString());
        assertEquals("3d", Age.of(obj));
        assertEquals("<invalid>", Age.since(Instant.now().plus(Duration.ofHours(1)).toString()));
        assertEquals("<unknown>", Age.since(""));
    }
}

package io.capstan.common.workqueue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimiterTest {

    @Test
    void itemExponentialDoublesFromBaseToMaxPerItem() {
        ItemExponentialFailureRateLimiter<String> l =
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
        assertEquals(Duration.ofMillis(5), l.when("a"));
        assertEquals(Duration.ofMillis(10), l.when("a"));
        assertEquals(Duration.ofMillis(20), l.when("a"));
        assertEquals(Duration.ofMillis(5), l.when("b"), "items back off independently");
        assertEquals(3, l.numRequeues("a"));
        for (int i = 3; i < 17; i++) {
            l.when("a");
        }
        // 5ms * 2^17 = 655.36s; the next is 1310.72s, capped at 1000s.
        assertEquals(Duration.ofMillis(655_360), l.when("a"));
        assertEquals(Duration.ofSeconds(1000), l.when("a"));
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ofSeconds(1000), l.when("a"), "no overflow after many failures");
        }
        l.forget("a");
        assertEquals(0, l.numRequeues("a"));
        assertEquals(Duration.ofMillis(5), l.when("a"));
    }

    @Test
    void bucketAllowsBurstThenPacesAtQps() {
        FakeClock clock = new FakeClock();
        BucketRateLimiter<String> l = new BucketRateLimiter<>(10, 100, clock);
        for (int i = 0; i < 100; i++) {
            assertEquals(Duration.ZERO, l.when("x" + i), "token " + i + " of the burst");
        }
        assertEquals(Duration.ofMillis(100), l.when("x100"));
        assertEquals(Duration.ofMillis(200), l.when("x101"));
        clock.advance(Duration.ofSeconds(1)); // 10 tokens refill, paying back the 2 borrowed
        for (int i = 0; i < 8; i++) {
            assertEquals(Duration.ZERO, l.when("y" + i));
        }
        assertEquals(Duration.ofMillis(100), l.when("z"));
        assertEquals(0, l.numRequeues("x0"));
    }

    @Test
    void maxOfTakesTheLongestDelay() {
        FakeClock clock = new FakeClock();
        MaxOfRateLimiter<String> l = new MaxOfRateLimiter<>(List.of(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new BucketRateLimiter<>(10, 1, clock)));
        assertEquals(Duration.ofMillis(5), l.when("a"), "bucket has a token; exponential says 5ms");
        assertEquals(Duration.ofMillis(100), l.when("a"), "bucket empty: 100ms beats exponential's 10ms");
        assertEquals(2, l.numRequeues("a"));
        l.forget("a");
        assertEquals(0, l.numRequeues("a"));
    }

    @Test
    void defaultControllerRateLimiterStartsAtFiveMilliseconds() {
        RateLimiter<String> l = RateLimiter.defaultControllerRateLimiter(new FakeClock());
        assertEquals(Duration.ofMillis(5), l.when("a"));
        assertEquals(Duration.ofMillis(10), l.when("a"));
    }
}

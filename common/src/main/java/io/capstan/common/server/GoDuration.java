package io.capstan.common.server;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as upstream flags write them: {@code 300ms}, {@code 15s}, {@code 5m}, {@code 1h30m}. */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /**
     * @throws UsageException when the text is not a duration
     */
    public static Duration parse(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(t);
        long nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            // Exact decimal arithmetic, as Go's: 2.3h is 2h18m, not a nanosecond less.
            nanos += new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new UsageException("invalid duration \"" + text + "\"; write it like 300ms, 15s, 5m or 1h30m");
        }
        return Duration.ofNanos(nanos);
    }
}

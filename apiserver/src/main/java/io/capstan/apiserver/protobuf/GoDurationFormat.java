package io.capstan.apiserver.protobuf;

/** Formats nanoseconds the way Go's {@code time.Duration.String} does: {@code 1h0m0s}, {@code 1.5s}, {@code 300ms}. */
final class GoDurationFormat {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private GoDurationFormat() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Go works on the unsigned magnitude, which keeps Long.MIN_VALUE (2^63 as unsigned) exact.
        long u = nanos < 0 ? -nanos : nanos;
        if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
            // Below a second Go switches to the largest unit that keeps an integer part: ns, µs or ms.
            if (u < 1_000) {
                return sign + u + "ns";
            }
            if (u < 1_000_000) {
                return sign + (u / 1_000) + fraction(u % 1_000, 3) + "\u00b5s";
            }
            return sign + (u / 1_000_000) + fraction(u % 1_000_000, 6) + "ms";
        }
        long seconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
        String out = (seconds % 60) + fraction(Long.remainderUnsigned(u, NANOS_PER_SECOND), 9) + "s";
        long minutes = seconds / 60;
        if (minutes > 0) {
            out = (minutes % 60) + "m" + out;
            long hours = minutes / 60;
            if (hours > 0) {
                out = hours + "h" + out;
            }
        }
        return sign + out;
    }

    /** The fraction {@code value / 10^digits} as ".ddd" without trailing zeros, or nothing when it is zero. */
    private static String fraction(long value, int digits) {
        if (value == 0) {
            return "";
        }
        String padded = String.format("%0" + digits + "d", value);
        int end = padded.length();
        while (padded.charAt(end - 1) == '0') {
            end--;
        }
        return "." + padded.substring(0, end);
    }
}

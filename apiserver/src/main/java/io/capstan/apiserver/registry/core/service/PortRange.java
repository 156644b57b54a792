package io.capstan.apiserver.registry.core.service;

/**
 * A node port range ({@code --service-node-port-range}, e.g. {@code 30000-32767}), as upstream's
 * {@code utilnet.PortRange}.
 */
public record PortRange(int base, int size) {
    /** Upstream's default {@code --service-node-port-range}. */
    public static final String DEFAULT = "30000-32767";

    /** Parses {@code first-last} (or {@code first+count}); IllegalArgumentException when malformed. */
    public static PortRange parse(String text) {
        try {
            String t = text.trim();
            int plus = t.indexOf('+');
            if (plus > 0) {
                int base = Integer.parseInt(t.substring(0, plus).trim());
                int count = Integer.parseInt(t.substring(plus + 1).trim());
                return checked(base, base + count);
            }
            int dash = t.indexOf('-');
            if (dash < 0) {
                int only = Integer.parseInt(t);
                return checked(only, only);
            }
            return checked(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--service-node-port-range: \"" + text + "\" is not a port range like 30000-32767");
        }
    }

    private static PortRange checked(int first, int last) {
        if (first < 1 || last > 65535 || last < first) {
            throw new IllegalArgumentException("--service-node-port-range: " + first + "-" + last + " is not a range of ports");
        }
        return new PortRange(first, last - first + 1);
    }

    /** The offset of {@code port}, or -1 outside the range. */
    public int offsetOf(long port) {
        return port < base || port >= base + size ? -1 : (int) (port - base);
    }

    /** Where dynamic allocation starts (upstream's node port static band: size/32, between 16 and 128). */
    public int dynamicOffset() {
        if (size <= 16) {
            return 0;
        }
        return Math.max(16, Math.min(128, size / 32));
    }

    @Override
    public String toString() {
        return base + "-" + (base + size - 1);
    }
}

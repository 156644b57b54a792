package io.capstan.apiserver.registry.core.service;

/**
 * An IPv4 service CIDR ({@code --service-cluster-ip-range}) as upstream's {@code ipallocator.Range}
 * numbers it: offset 0 is the address after the network address; the broadcast address is not used.
 *
 * @param cidr the range as written, e.g. {@code 10.0.0.0/24}
 * @param base the first usable address as an unsigned 32-bit number
 * @param size the number of usable addresses
 */
public record ServiceIPRange(String cidr, long base, int size) {
    /** Upstream's default {@code --service-cluster-ip-range}. */
    public static final String DEFAULT = "10.0.0.0/24";
    private static final int MAX_SIZE = 1 << 20;

    /** Parses an IPv4 CIDR; IllegalArgumentException when it is not one, is IPv6, or is smaller than /30. */
    public static ServiceIPRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        long network = slash < 0 ? -1 : toNumber(cidr.substring(0, slash));
        int prefix;
        try {
            prefix = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (network < 0 || prefix < 0 || prefix > 30) {
            throw new IllegalArgumentException("--service-cluster-ip-range: \"" + cidr + "\" is not an IPv4 CIDR of /30 or larger"
                    + " (IPv6 and dual-stack ranges are not supported)");
        }
        long total = 1L << (32 - prefix);
        long mask = ~(total - 1) & 0xFFFFFFFFL;
        long net = network & mask;
        int size = (int) Math.min(total - 2, MAX_SIZE);
        return new ServiceIPRange(toText(net) + "/" + prefix, net + 1, size);
    }

    /** The offset of {@code ip}, or -1 when it is not an IPv4 address of this range. */
    public int offsetOf(String ip) {
        long n = toNumber(ip);
        if (n < 0 || n < base || n >= base + size) {
            return -1;
        }
        return (int) (n - base);
    }

    /** The address at {@code offset}. */
    public String ipAt(int offset) {
        return toText(base + offset);
    }

    /**
     * Where dynamic allocation starts (upstream's {@code calculateRangeOffset}: a sixteenth of the
     * range, between 16 and 256), so that requested addresses usually find the low band free.
     */
    public int dynamicOffset() {
        long rangeSize = size + 2L;
        if (rangeSize <= 16) {
            return 0;
        }
        return (int) Math.max(16, Math.min(256, rangeSize / 16));
    }

    /** True when {@code ip} is an IPv4 address in dotted form. */
    public static boolean isIPv4(String ip) {
        return toNumber(ip) >= 0;
    }

    /** The unsigned number of a dotted IPv4 address, or -1. */
    static long toNumber(String ip) {
        if (ip == null) {
            return -1;
        }
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long n = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return -1;
            }
            n = (n << 8) | v;
        }
        return n;
    }

    static String toText(long n) {
        return ((n >> 24) & 255) + "." + ((n >> 16) & 255) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }
}

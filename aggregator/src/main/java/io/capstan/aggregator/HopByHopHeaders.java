package io.capstan.aggregator;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers a proxy must not forward (RFC 9110 section 7.6.1): the fixed hop-by-hop set, plus every
 * header the message's own {@code Connection} header names.
 */
final class HopByHopHeaders {
    private static final Set<String> ALWAYS = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade");
    private final Set<String> names;

    private HopByHopHeaders(Set<String> names) {
        this.names = names;
    }

    /** The hop-by-hop set of one message, given the values of its {@code Connection} header(s). */
    static HopByHopHeaders of(List<String> connectionValues) {
        Set<String> names = new HashSet<>(ALWAYS);
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    names.add(t);
                }
            }
        }
        return new HopByHopHeaders(names);
    }

    /** True when {@code name} (any case) must not be forwarded. */
    boolean contains(String name) {
        return names.contains(name.toLowerCase(Locale.ROOT));
    }
}

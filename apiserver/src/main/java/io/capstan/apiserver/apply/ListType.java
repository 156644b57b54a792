package io.capstan.apiserver.apply;

import java.util.List;
import java.util.Map;

/**
 * How apply merges and owns a list (upstream's {@code x-kubernetes-list-type}): {@code atomic} lists
 * are replaced and owned whole, {@code set} lists of scalars merge by value, {@code map} lists merge
 * item by item on their keys ({@code x-kubernetes-list-map-keys}), a missing key taking its default.
 *
 * @param kind        atomic, set or map
 * @param keys        the key fields of a map list, in upstream's order
 * @param keyDefaults defaults of key fields an item may omit (a port's {@code protocol: TCP})
 */
public record ListType(Kind kind, List<String> keys, Map<String, Object> keyDefaults) {
    /** The list types. */
    public enum Kind { ATOMIC, SET, MAP }

    public static final ListType ATOMIC = new ListType(Kind.ATOMIC, List.of(), Map.of());
    public static final ListType SET = new ListType(Kind.SET, List.of(), Map.of());

    public ListType {
        keys = List.copyOf(keys);
        keyDefaults = Map.copyOf(keyDefaults);
    }

    /** A map list keyed by these fields. */
    public static ListType map(String... keys) {
        return new ListType(Kind.MAP, List.of(keys), Map.of());
    }

    /** This map list, with defaults for key fields. */
    public ListType withDefaults(Map<String, Object> defaults) {
        return new ListType(kind, keys, defaults);
    }
}

package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable set of field paths (structured-merge-diff's {@code fieldpath.Set}): what one manager owns.
 * A path is a list of path elements in the {@code fieldsV1} spelling: {@code f:<field>} for a field
 * or map key, {@code k:{"name":"x"}} for an associative list item by its keys, {@code v:<json>} for
 * a set item, {@code i:<n>} for a list index. A path in the set is a member: its node is owned as a
 * whole (a leaf, a list item itself, or a map node).
 */
public final class FieldSet {
    /** The empty set. */
    public static final FieldSet EMPTY = new FieldSet(Set.of());

    private final Set<List<String>> paths;

    private FieldSet(Set<List<String>> paths) {
        this.paths = paths;
    }

    /** A set of these paths. */
    public static FieldSet of(Iterable<List<String>> paths) {
        Set<List<String>> copy = new LinkedHashSet<>();
        paths.forEach(p -> copy.add(List.copyOf(p)));
        return new FieldSet(Collections.unmodifiableSet(copy));
    }

    /** A set of these paths, each given as its elements ({@code of(List.of("f:spec", "f:replicas"))}). */
    @SafeVarargs
    public static FieldSet of(List<String>... paths) {
        return of(List.of(paths));
    }

    /**
     * Decodes a {@code fieldsV1} object: each key a path element, {@code "."} marking its parent as a
     * member, an empty object a member leaf.
     *
     * @throws IllegalArgumentException when a key is not a path element
     */
    public static FieldSet fromFieldsV1(JsonNode fieldsV1) {
        Set<List<String>> out = new LinkedHashSet<>();
        if (fieldsV1 != null && fieldsV1.isObject()) {
            decode(fieldsV1, new ArrayList<>(), out);
        }
        return new FieldSet(Collections.unmodifiableSet(out));
    }

    private static void decode(JsonNode node, List<String> prefix, Set<List<String>> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.equals(".")) {
                out.add(List.copyOf(prefix));
                continue;
            }
            if (key.length() < 2 || key.charAt(1) != ':' || "fkvi".indexOf(key.charAt(0)) < 0) {
                throw new IllegalArgumentException("invalid path element " + key);
            }
            prefix.add(key);
            if (!e.getValue().isObject() || e.getValue().isEmpty()) {
                out.add(List.copyOf(prefix));
            } else {
                decode(e.getValue(), prefix, out);
            }
            prefix.remove(prefix.size() - 1);
        }
    }

    /** The {@code fieldsV1} form, keys sorted as upstream serializes them. */
    public ObjectNode toFieldsV1() {
        Node root = new Node();
        for (List<String> p : paths) {
            Node n = root;
            for (String e : p) {
                n = n.children.computeIfAbsent(e, k -> new Node());
            }
            n.member = true;
        }
        return root.encode(true);
    }

    private static final class Node {
        boolean member;
        final Map<String, Node> children = new TreeMap<>();

        ObjectNode encode(boolean root) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            if (member && !children.isEmpty() && !root) {
                o.putObject(".");
            }
            children.forEach((k, v) -> o.set(k, v.encode(false)));
            return o;
        }
    }

    /** The member paths. */
    public Set<List<String>> paths() {
        return paths;
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    public boolean contains(List<String> path) {
        return paths.contains(path);
    }

    /** True when {@code path} or any path below it is a member. */
    public boolean containsPrefix(List<String> path) {
        for (List<String> p : paths) {
            if (p.size() >= path.size() && p.subList(0, path.size()).equals(path)) {
                return true;
            }
        }
        return false;
    }

    public FieldSet union(FieldSet other) {
        Set<List<String>> out = new LinkedHashSet<>(paths);
        out.addAll(other.paths);
        return new FieldSet(Collections.unmodifiableSet(out));
    }

    public FieldSet difference(FieldSet other) {
        Set<List<String>> out = new LinkedHashSet<>(paths);
        out.removeAll(other.paths);
        return new FieldSet(Collections.unmodifiableSet(out));
    }

    public FieldSet intersection(FieldSet other) {
        Set<List<String>> out = new LinkedHashSet<>(paths);
        out.retainAll(other.paths);
        return new FieldSet(Collections.unmodifiableSet(out));
    }

    /** This set without the paths at or below any of {@code prefixes}. */
    public FieldSet withoutPrefixes(List<List<String>> prefixes) {
        Set<List<String>> out = new LinkedHashSet<>();
        for (List<String> p : paths) {
            boolean drop = false;
            for (List<String> prefix : prefixes) {
                if (p.size() >= prefix.size() && p.subList(0, prefix.size()).equals(prefix)) {
                    drop = true;
                    break;
                }
            }
            if (!drop) {
                out.add(p);
            }
        }
        return new FieldSet(Collections.unmodifiableSet(out));
    }

    /** The paths sorted as upstream lists them: element by element. */
    public List<List<String>> sorted() {
        List<List<String>> out = new ArrayList<>(paths);
        out.sort(PATH_ORDER);
        return out;
    }

    static final Comparator<List<String>> PATH_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /**
     * A path as upstream prints it in conflicts: {@code .spec.containers[name="nginx"].image},
     * {@code .metadata.finalizers[="x"]}, {@code .spec.ports[port=80,protocol="TCP"]}.
     */
    public static String display(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String e : path) {
            String body = e.substring(2);
            switch (e.charAt(0)) {
                case 'f' -> sb.append('.').append(body);
                case 'k' -> {
                    sb.append('[');
                    JsonNode key = Json.tree(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    Iterator<Map.Entry<String, JsonNode>> it = key.fields();
                    boolean first = true;
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> kv = it.next();
                        sb.append(first ? "" : ",").append(kv.getKey()).append('=').append(kv.getValue().toString());
                        first = false;
                    }
                    sb.append(']');
                }
                case 'v' -> sb.append("[=").append(body).append(']');
                default -> sb.append('[').append(body).append(']');
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSet f && f.paths.equals(paths);
    }

    @Override
    public int hashCode() {
        return paths.hashCode();
    }

    @Override
    public String toString() {
        return sorted().stream().map(FieldSet::display).toList().toString();
    }
}

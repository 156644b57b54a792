package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An object with its {@link FieldTypes}: the structured-merge-diff operations apply is made of
 * ({@code ToFieldSet}, {@code Merge}, {@code Compare}, {@code RemoveItems}) on a JSON tree.
 */
public final class TypedObject {
    /** Marks a path whose node is not a leaf (a map node or a list item). */
    private static final JsonNode CONTAINER = MissingNode.getInstance();

    private final ObjectNode object;
    private final FieldTypes types;

    public TypedObject(ObjectNode object, FieldTypes types) {
        this.object = object;
        this.types = types;
    }

    public ObjectNode object() {
        return object;
    }

    /** What changed from one object to another: fields added, leaves whose value changed, fields removed. */
    public record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
        public boolean isSame() {
            return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
        }
    }

    /**
     * The fields set in this object (upstream's {@code ToFieldSet}): every scalar, atomic list or map,
     * empty map, list item (map and set lists) as a member.
     *
     * @throws IllegalArgumentException when a map list's item lacks a key field without default
     */
    public FieldSet toFieldSet() {
        return FieldSet.of(leaves(false).keySet());
    }

    /** Every member path with its value when a leaf; with {@code mapNodes} also the non-empty maps that can be absent. */
    private Map<List<String>, JsonNode> leaves(boolean mapNodes) {
        Map<List<String>, JsonNode> out = new LinkedHashMap<>();
        walkObject(object, new ArrayList<>(), new ArrayList<>(), mapNodes, out);
        return out;
    }

    private void walkObject(ObjectNode node, List<String> path, List<String> names, boolean mapNodes,
                            Map<List<String>, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            path.add("f:" + e.getKey());
            names.add(e.getKey());
            walkValue(e.getValue(), path, names, mapNodes, out);
            path.remove(path.size() - 1);
            names.remove(names.size() - 1);
        }
    }

    private void walkValue(JsonNode value, List<String> path, List<String> names, boolean mapNodes,
                           Map<List<String>, JsonNode> out) {
        if (value.isObject()) {
            if (value.isEmpty() || types.atomicMap(names)) {
                out.put(List.copyOf(path), value);
                return;
            }
            if (mapNodes && !types.alwaysPresent(names)) {
                out.put(List.copyOf(path), CONTAINER);
            }
            walkObject((ObjectNode) value, path, names, mapNodes, out);
        } else if (value.isArray()) {
            ListType type = types.list(names);
            if (type.kind() == ListType.Kind.ATOMIC) {
                out.put(List.copyOf(path), value);
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                String element;
                try {
                    element = itemElement(type, item, names);
                } catch (IllegalArgumentException e) {
                    String where = "." + String.join(".", names) + ": ";
                    throw new IllegalArgumentException(where + "element " + i + ": " + e.getMessage().substring(where.length()), e);
                }
                path.add(element);
                out.put(List.copyOf(path), type.kind() == ListType.Kind.SET ? item : CONTAINER);
                if (type.kind() == ListType.Kind.MAP) {
                    walkObject((ObjectNode) item, path, names, mapNodes, out);
                }
                path.remove(path.size() - 1);
            }
        } else {
            out.put(List.copyOf(path), value);
        }
    }

    /** The path element of a list item: {@code k:{...}} by its keys, or {@code v:<json>} for a set item. */
    static String itemElement(ListType type, JsonNode item, List<String> names) {
        if (type.kind() == ListType.Kind.SET) {
            if (item.isContainerNode()) {
                throw new IllegalArgumentException("." + String.join(".", names) + ": a set may hold only scalars");
            }
            return "v:" + item;
        }
        if (!item.isObject()) {
            throw new IllegalArgumentException("." + String.join(".", names) + ": associative list with keys has an element that is not a map");
        }
        Map<String, JsonNode> key = new TreeMap<>();
        for (String k : type.keys()) {
            JsonNode v = item.get(k);
            if (v == null || v.isNull()) {
                Object def = type.keyDefaults().get(k);
                if (def == null) {
                    throw new IllegalArgumentException("." + String.join(".", names)
                            + ": associative list with keys has an element that omits key field \"" + k
                            + "\" (and doesn't have default value)");
                }
                v = Json.MAPPER.valueToTree(def);
            }
            key.put(k, v);
        }
        ObjectNode encoded = Json.MAPPER.createObjectNode();
        key.forEach(encoded::set);
        return "k:" + encoded;
    }

    /**
     * Compares this (older) object with {@code newer}: map nodes count, so a map that appears is added
     * and one that goes is removed, as upstream's comparison reports them.
     */
    public Comparison compare(TypedObject newer) {
        Map<List<String>, JsonNode> before = leaves(true);
        Map<List<String>, JsonNode> after = newer.leaves(true);
        List<List<String>> added = new ArrayList<>();
        List<List<String>> modified = new ArrayList<>();
        List<List<String>> removed = new ArrayList<>();
        after.forEach((p, v) -> {
            JsonNode old = before.get(p);
            if (old == null) {
                if (!v.isNull()) { // an applied null where nothing is: nothing changes
                    added.add(p);
                }
            } else if ((old != CONTAINER || v != CONTAINER) && !Objects.equals(old, v)) {
                modified.add(p);
            }
        });
        before.keySet().forEach(p -> {
            if (!after.containsKey(p)) {
                removed.add(p);
            }
        });
        return new Comparison(FieldSet.of(added), FieldSet.of(modified), FieldSet.of(removed));
    }

    /**
     * This object with {@code config} merged in (upstream's {@code Merge}): maps and structs merge
     * field by field, map lists item by item on their keys, sets by value; scalars, atomic lists and
     * atomic maps are replaced. Neither input changes.
     */
    public TypedObject merge(ObjectNode config) {
        ObjectNode out = object.deepCopy();
        mergeObject(out, config, new ArrayList<>());
        return new TypedObject(out, types);
    }

    private void mergeObject(ObjectNode target, ObjectNode config, List<String> names) {
        Iterator<Map.Entry<String, JsonNode>> it = config.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            names.add(e.getKey());
            target.set(e.getKey(), mergeValue(target.get(e.getKey()), e.getValue(), names));
            names.remove(names.size() - 1);
        }
    }

    private JsonNode mergeValue(JsonNode live, JsonNode config, List<String> names) {
        if (config.isObject() && live != null && live.isObject() && !types.atomicMap(names)) {
            ObjectNode copy = (ObjectNode) live;
            mergeObject(copy, (ObjectNode) config, names);
            return copy;
        }
        if (config.isArray() && live != null && live.isArray()) {
            ListType type = types.list(names);
            if (type.kind() != ListType.Kind.ATOMIC) {
                ArrayNode merged = (ArrayNode) live;
                Map<String, Integer> index = new LinkedHashMap<>();
                for (int i = 0; i < merged.size(); i++) {
                    index.put(itemElement(type, merged.get(i), names), i);
                }
                for (JsonNode item : config) {
                    Integer at = index.get(itemElement(type, item, names));
                    if (at == null) {
                        merged.add(item.deepCopy());
                        index.put(itemElement(type, item, names), merged.size() - 1);
                    } else if (type.kind() == ListType.Kind.MAP) {
                        mergeObject((ObjectNode) merged.get(at), (ObjectNode) item, names);
                    }
                }
                return merged;
            }
        }
        return config.deepCopy();
    }

    /** Removes the node at {@code path} (a field, a map list item, a set item) if present. */
    public void remove(List<String> path) {
        JsonNode parent = object;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            String e = path.get(i);
            boolean last = i == path.size() - 1;
            if (e.startsWith("f:")) {
                if (!(parent instanceof ObjectNode o)) {
                    return;
                }
                String field = e.substring(2);
                names.add(field);
                if (last) {
                    o.remove(field);
                    return;
                }
                parent = o.get(field);
            } else if (parent instanceof ArrayNode a && (e.startsWith("k:") || e.startsWith("v:"))) {
                ListType type = types.list(names);
                int found = -1;
                for (int j = 0; j < a.size(); j++) {
                    if (e.equals(safeElement(type, a.get(j), names))) {
                        found = j;
                        break;
                    }
                }
                if (found < 0) {
                    return;
                }
                if (last) {
                    a.remove(found);
                    return;
                }
                parent = a.get(found);
            } else {
                return;
            }
            if (parent == null) {
                return;
            }
        }
    }

    private static String safeElement(ListType type, JsonNode item, List<String> names) {
        try {
            return itemElement(type, item, names);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

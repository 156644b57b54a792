package io.capstan.common.informer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.common.json.Json;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes an informer's objects so that the cache shares equal strings: the namespace, label values,
 * images, policies, phases and the like repeat in every object, and one copy of each instead of one
 * per object saves about a fifth of a pod cache. Values that are unique per object ({@code metadata.name},
 * {@code uid}, {@code resourceVersion}) are left alone; long strings too. The table of shared strings is
 * bounded, so unique values that slip in (a label holding the pod's name) cannot grow it without limit.
 * It works on the JSON tree before Jackson binds it, which costs less than a custom string
 * deserializer (that one kept Jackson off its fast paths and tripled the decoding time).
 *
 * @param <T> the object type
 */
final class CompactDecoder<T> {
    /** Longer strings are rarely shared and would make lookups cost more than they save. */
    private static final int MAX_LENGTH = 64;
    private static final int MAX_ENTRIES = 10_000;
    private static final Set<String> UNIQUE_FIELDS = Set.of("uid", "resourceVersion", "generateName");

    private final Class<T> type;
    private final ConcurrentHashMap<String, TextNode> strings = new ConcurrentHashMap<>();

    CompactDecoder(Class<T> type) {
        this.type = type;
    }

    /**
     * The object a JSON tree holds. The tree's short string values are first replaced by shared
     * nodes (in place), so the decoded object refers to the shared strings.
     */
    T decode(JsonNode node) {
        share(node, null);
        return Json.convert(node, type);
    }

    /** How many distinct strings are shared now (for tests). */
    int sharedStrings() {
        return strings.size();
    }

    /** Replaces the string values under {@code node}, the value of field {@code name}, by shared ones. */
    private void share(JsonNode node, String name) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (value instanceof TextNode text) {
                    if (!unique(field.getKey(), name)) {
                        TextNode shared = shared(text);
                        if (shared != text) {
                            field.setValue(shared);
                        }
                    }
                } else if (value.isContainerNode()) {
                    share(value, field.getKey());
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value instanceof TextNode text) {
                    TextNode shared = shared(text);
                    if (shared != text) {
                        array.set(i, shared);
                    }
                } else if (value.isContainerNode()) {
                    share(value, name);
                }
            }
        }
    }

    private static boolean unique(String field, String parent) {
        return UNIQUE_FIELDS.contains(field) || field.equals("name") && "metadata".equals(parent);
    }

    private TextNode shared(TextNode text) {
        String s = text.textValue();
        if (s.length() > MAX_LENGTH) {
            return text;
        }
        TextNode shared = strings.get(s);
        if (shared != null) {
            return shared;
        }
        if (strings.size() >= MAX_ENTRIES) {
            return text;
        }
        shared = strings.putIfAbsent(s, text);
        return shared == null ? text : shared;
    }
}

package io.capstan.common.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge patch ({@code application/strategic-merge-patch+json}) driven by list merge keys
 * ({@link LookupPatchMeta}: from a kind's schema, or a table by field name): lists with a merge key
 * merge element by element, {@code $patch: delete} removes an element (or empties a map),
 * {@code $patch: replace} replaces a list or map; other lists are replaced, as upstream does for
 * lists without a patch strategy.
 */
public final class StrategicMergePatch {
    private StrategicMergePatch() {
    }

    /**
     * Applies {@code patch} to {@code target}.
     *
     * @param mergeKeys the merge key of each mergeable list, by field name (e.g. {@code containers -> name})
     */
    public static JsonNode apply(JsonNode target, JsonNode patch, Map<String, String> mergeKeys) {
        return apply(target, patch, LookupPatchMeta.byFieldName(mergeKeys));
    }

    /**
     * Applies {@code patch} to {@code target}, merging lists as {@code meta} (the kind's schema) says.
     */
    public static JsonNode apply(JsonNode target, JsonNode patch, LookupPatchMeta meta) {
        if (!patch.isObject()) {
            throw new PatchException("strategic merge patch must be a JSON object", true);
        }
        checkDirectives(patch);
        return mergeObject(target != null && target.isObject() ? (ObjectNode) target.deepCopy()
                : ((ObjectNode) patch).objectNode(), (ObjectNode) patch, meta);
    }

    /**
     * Refuses malformed directives before anything merges, as upstream's {@code mergepatch} errors do: a
     * {@code $patch} other than {@code replace}/{@code delete} (or {@code merge} in a list element), and
     * {@code $retainKeys}, {@code $setElementOrder/} or {@code $deleteFromPrimitiveList/} that are not lists.
     */
    private static void checkDirectives(JsonNode node) {
        checkDirectives(node, false);
    }

    private static void checkDirectives(JsonNode node, boolean listElement) {
        if (node instanceof ArrayNode a) {
            for (JsonNode element : a) {
                if (element instanceof ObjectNode o && o.has("$patch")) {
                    String d = o.get("$patch").asText("");
                    if (!o.get("$patch").isTextual() || !(d.equals("replace") || d.equals("delete") || d.equals("merge"))) {
                        throw badPatchType(o.get("$patch"), o);
                    }
                }
                checkDirectives(element, true);
            }
            return;
        }
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("$patch")) {
                if (!listElement && (!value.isTextual() || !(value.asText().equals("replace") || value.asText().equals("delete")))) {
                    throw badPatchType(value, o);
                }
            } else if (key.equals("$retainKeys")) {
                if (!value.isArray()) {
                    throw new PatchException("invalid patch format of retainKeys", true);
                }
            } else if (key.startsWith("$setElementOrder/")) {
                if (!value.isArray()) {
                    throw new PatchException("invalid patch format of setElementOrder list", true);
                }
            } else if (key.startsWith("$deleteFromPrimitiveList/")) {
                if (!value.isArray()) {
                    throw new PatchException("invalid patch format of primitive list", true);
                }
            } else {
                checkDirectives(value);
            }
        }
    }

    /** Upstream's {@code mergepatch.ErrBadPatchType}; a malformed patch (upstream answers it with a 500). */
    private static PatchException badPatchType(JsonNode directive, ObjectNode in) {
        String text = in.toString();
        return new PatchException("unknown patch type: " + (directive.isTextual() ? directive.asText() : directive.toString())
                + " in map: " + (text.length() > 256 ? text.substring(0, 256) + "..." : text), true);
    }

    private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch, LookupPatchMeta meta) {
        String directive = patch.path("$patch").asText(null);
        if ("replace".equals(directive)) {
            ObjectNode copy = patch.deepCopy();
            copy.remove("$patch");
            return copy;
        }
        if ("delete".equals(directive)) {
            return patch.objectNode();
        }
        Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.equals("$patch") || key.equals("$retainKeys") || key.startsWith("$setElementOrder/")
                    || key.startsWith("$deleteFromPrimitiveList/")) {
                continue;
            }
            JsonNode current = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && current != null && current.isObject()) {
                target.set(key, mergeObject((ObjectNode) current, (ObjectNode) value, meta.field(key)));
            } else if (value.isObject()) {
                ObjectNode fresh = ((ObjectNode) value).deepCopy();
                fresh.remove("$patch");
                target.set(key, stripDirectives(fresh));
            } else if (value.isArray() && current != null && current.isArray() && meta.field(key).mergeKey() != null) {
                LookupPatchMeta list = meta.field(key);
                target.set(key, mergeList((ArrayNode) current, (ArrayNode) value, list.mergeKey(), list));
            } else if (value.isArray()) {
                target.set(key, stripDirectives(withoutDirectiveElements((ArrayNode) value)));
            } else {
                target.set(key, value.deepCopy());
            }
        }
        // $deleteFromPrimitiveList/<field>: [values] removes primitives from a set-like list.
        Iterator<Map.Entry<String, JsonNode>> dit = patch.fields();
        while (dit.hasNext()) {
            Map.Entry<String, JsonNode> e = dit.next();
            if (e.getKey().startsWith("$deleteFromPrimitiveList/") && e.getValue().isArray()) {
                String field = e.getKey().substring("$deleteFromPrimitiveList/".length());
                JsonNode list = target.get(field);
                if (list instanceof ArrayNode a) {
                    for (int i = a.size() - 1; i >= 0; i--) {
                        for (JsonNode d : e.getValue()) {
                            if (a.get(i).equals(d)) {
                                a.remove(i);
                                break;
                            }
                        }
                    }
                }
            }
        }
        return target;
    }

    /** Merges list {@code patch} into {@code current}; {@code elements} describes the fields of their elements. */
    private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, String mergeKey, LookupPatchMeta elements) {
        for (JsonNode p : patch) {
            if (p.isObject() && "replace".equals(p.path("$patch").asText(null))) {
                // As upstream: the list becomes the patch's elements that carry no directive.
                return stripDirectives(withoutDirectiveElements(patch));
            }
        }
        ArrayNode result = current.deepCopy();
        List<JsonNode> appended = new ArrayList<>();
        for (JsonNode p : patch) {
            if (!p.isObject()) {
                if (!contains(result, p)) {
                    appended.add(p.deepCopy());
                }
                continue;
            }
            JsonNode keyValue = p.get(mergeKey);
            int idx = keyValue == null ? -1 : indexOf(result, mergeKey, keyValue);
            boolean delete = "delete".equals(p.path("$patch").asText(null));
            if (delete) {
                if (idx >= 0) {
                    result.remove(idx);
                }
            } else if (idx >= 0) {
                result.set(idx, mergeObject((ObjectNode) result.get(idx), (ObjectNode) p, elements));
            } else {
                appended.add(stripDirectives(p.deepCopy()));
            }
        }
        appended.forEach(result::add);
        return result;
    }

    private static boolean contains(ArrayNode a, JsonNode v) {
        for (JsonNode n : a) {
            if (n.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(ArrayNode list, String mergeKey, JsonNode keyValue) {
        for (int i = 0; i < list.size(); i++) {
            if (keyValue.equals(list.get(i).get(mergeKey))) {
                return i;
            }
        }
        return -1;
    }

    private static ArrayNode withoutDirectiveElements(ArrayNode list) {
        ArrayNode out = list.arrayNode();
        for (JsonNode n : list) {
            if (n.isObject() && n.has("$patch")) {
                continue;
            }
            out.add(n.deepCopy());
        }
        return out;
    }

    private static <T extends JsonNode> T stripDirectives(T node) {
        if (node instanceof ObjectNode o) {
            List<String> drop = new ArrayList<>();
            o.fieldNames().forEachRemaining(f -> {
                if (f.startsWith("$")) {
                    drop.add(f);
                }
            });
            drop.forEach(o::remove);
            o.elements().forEachRemaining(StrategicMergePatch::stripDirectives);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(StrategicMergePatch::stripDirectives);
        }
        return node;
    }
}

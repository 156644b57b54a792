package io.capstan.common.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6902 JSON Patch ({@code application/json-patch+json}): add, remove, replace, move, copy, test. */
public final class JsonPatch {
    private JsonPatch() {
    }

    /**
     * Applies {@code patch} (an array of operations) to a copy of {@code target}.
     *
     * @throws PatchException when the patch is malformed or an operation fails
     */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw new PatchException("json patch must be a JSON array of operations", true);
        }
        JsonNode doc = target.deepCopy();
        // As upstream: what does not decode as a list of operations is malformed (400); an operation that
        // cannot be carried out, an unknown one or one missing its path, value or from included, fails (422).
        for (JsonNode op : patch) {
            if (!op.isObject()) {
                throw new PatchException("json patch operation must be an object: " + op, true);
            }
            for (String field : new String[] {"op", "path", "from"}) {
                if (op.has(field) && !op.get(field).isTextual() && !op.get(field).isNull()) {
                    throw new PatchException("error decoding patch: json: cannot unmarshal " + op.get(field).getNodeType().name().toLowerCase()
                            + " into Go struct field jsonPatchOp." + field + " of type string", true);
                }
            }
        }
        for (JsonNode op : patch) {
            String kind = op.path("op").isTextual() ? op.get("op").asText() : "unknown";
            if (!op.path("path").isTextual() && !kind.equals("unknown") && isKnown(kind)) {
                throw new PatchException(kind + " operation failed to decode path: missing value", false);
            }
            String path = op.path("path").asText("");
            doc = switch (kind) {
                case "add" -> add(doc, path, value(op));
                case "remove" -> remove(doc, path);
                case "replace" -> add(remove(doc, path), path, value(op));
                case "move" -> {
                    String from = from(op);
                    JsonNode v = get(doc, from);
                    yield add(remove(doc, from), path, v);
                }
                case "copy" -> add(doc, path, get(doc, from(op)).deepCopy());
                case "test" -> {
                    if (!get(doc, path).equals(value(op))) {
                        throw new PatchException("testing value " + path + " failed", false);
                    }
                    yield doc;
                }
                default -> throw new PatchException("Unexpected kind: " + kind, false);
            };
        }
        return doc;
    }

    private static boolean isKnown(String kind) {
        return switch (kind) {
            case "add", "remove", "replace", "move", "copy", "test" -> true;
            default -> false;
        };
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new PatchException("json patch operation " + op.get("op").asText() + " needs a \"value\"", false);
        }
        return op.get("value").deepCopy();
    }

    private static String from(JsonNode op) {
        if (!op.path("from").isTextual()) {
            throw new PatchException("json patch operation " + op.get("op").asText() + " needs a \"from\"", false);
        }
        return op.get("from").asText();
    }

    private static String[] tokens(String path) {
        if (path.isEmpty()) {
            return new String[0];
        }
        if (!path.startsWith("/")) {
            throw new PatchException("json patch path must start with '/': " + path, false);
        }
        String[] t = path.substring(1).split("/", -1);
        for (int i = 0; i < t.length; i++) {
            t[i] = t[i].replace("~1", "/").replace("~0", "~");
        }
        return t;
    }

    static JsonNode get(JsonNode doc, String path) {
        JsonNode cur = doc;
        for (String t : tokens(path)) {
            cur = child(cur, t, path);
        }
        return cur;
    }

    private static JsonNode child(JsonNode cur, String token, String path) {
        JsonNode next = null;
        if (cur instanceof ObjectNode o) {
            next = o.get(token);
        } else if (cur instanceof ArrayNode a) {
            next = a.get(index(token, a.size() - 1, path));
        }
        if (next == null) {
            throw new PatchException("doc is missing path: \"" + path + "\"", false);
        }
        return next;
    }

    private static int index(String token, int max, String path) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max) {
                throw new PatchException("array index " + i + " out of bounds in \"" + path + "\"", false);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new PatchException("invalid array index \"" + token + "\" in \"" + path + "\"", false);
        }
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value) {
        String[] t = tokens(path);
        if (t.length == 0) {
            return value;
        }
        JsonNode parent = doc;
        for (int i = 0; i < t.length - 1; i++) {
            parent = child(parent, t[i], path);
        }
        String last = t[t.length - 1];
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
                a.add(value);
            } else {
                a.insert(index(last, a.size(), path), value);
            }
        } else {
            throw new PatchException("doc is missing path: \"" + path + "\"", false);
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path) {
        String[] t = tokens(path);
        if (t.length == 0) {
            throw new PatchException("cannot remove the whole document", false);
        }
        JsonNode parent = doc;
        for (int i = 0; i < t.length - 1; i++) {
            parent = child(parent, t[i], path);
        }
        String last = t[t.length - 1];
        if (parent instanceof ObjectNode o) {
            if (o.remove(last) == null) {
                throw new PatchException("unable to remove nonexistent key: " + last + ": missing value", false);
            }
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(last, a.size() - 1, path));
        } else if (!(parent instanceof ContainerNode<?>)) {
            throw new PatchException("doc is missing path: \"" + path + "\"", false);
        }
        return doc;
    }
}

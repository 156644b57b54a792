package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;

/** Small cell formats upstream's printers repeat: {@code <none>} for empty strings, int64 fields. */
final class Cells {
    private Cells() {
    }

    static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    static String orUnset(String s) {
        return s == null || s.isEmpty() ? "<unset>" : s;
    }

    /** An integer field, 0 when absent, as Go's zero value prints. */
    static long integer(JsonNode node, String field) {
        return node.path(field).asLong(0);
    }

    /** A string field, empty when absent. */
    static String text(JsonNode node, String field) {
        return node.path(field).asText("");
    }
}

package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.selector.LabelSelector;
import io.capstan.common.selector.SelectorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code metav1.LabelSelector} object as upstream writes it in text ({@code LabelSelectorAsSelector(...).String()}):
 * requirements sorted by key, {@code k=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}.
 * Tables, the scale subresource's {@code status.selector} and selector validation share this one form.
 */
public final class LabelSelectors {
    private LabelSelectors() {
    }

    /** The text of a selector object; empty for an empty selector. A missing node is also empty. */
    public static String text(JsonNode selector) {
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        selector.path("matchLabels").properties().forEach(e ->
                byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = expr.path("key").asText("");
            List<String> values = new ArrayList<>();
            expr.path("values").forEach(v -> values.add(v.asText()));
            values.sort(null);
            String req = switch (expr.path("operator").asText("")) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key;
            };
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(req);
        }
        List<String> all = new ArrayList<>();
        byKey.values().forEach(all::addAll);
        return String.join(",", all);
    }

    /** Upstream's {@code metav1.FormatLabelSelector}: the text, or {@code <none>} when missing or empty. */
    public static String format(JsonNode selector) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return "<none>";
        }
        String t = text(selector);
        return t.isEmpty() ? "<none>" : t;
    }

    /** Upstream's {@code labels.FormatLabels}: {@code k=v} pairs sorted by key, or {@code <none>}. */
    public static String formatLabels(JsonNode labels) {
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        if (sorted.isEmpty()) {
            return "<none>";
        }
        List<String> pairs = new ArrayList<>();
        sorted.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(",", pairs);
    }

    /** True when {@code selector} (a {@code metav1.LabelSelector} object) selects {@code labels}. */
    public static boolean matches(JsonNode selector, JsonNode labels) {
        Map<String, String> map = new TreeMap<>();
        labels.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        try {
            return LabelSelector.parse(text(selector)).matches(map);
        } catch (SelectorException e) {
            return false;
        }
    }
}

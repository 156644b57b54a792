package io.capstan.common.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed field selector ({@code metadata.name=x,status.phase!=Running}). Only equality terms
 * exist upstream. Values may escape {@code ,}, {@code =} and {@code \} with a backslash.
 */
public final class FieldSelector {
    /** One {@code field=value} or {@code field!=value} term. */
    public record Term(String field, boolean equals, String value) {
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /**
     * @throws SelectorException on bad syntax
     */
    public static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : splitUnescaped(text, ',')) {
            if (part.isBlank()) {
                continue;
            }
            int ne = indexUnescaped(part, "!=");
            int eqeq = indexUnescaped(part, "==");
            int eq = indexUnescaped(part, "=");
            if (ne >= 0) {
                terms.add(new Term(part.substring(0, ne).trim(), false, unescape(part.substring(ne + 2))));
            } else if (eqeq >= 0) {
                terms.add(new Term(part.substring(0, eqeq).trim(), true, unescape(part.substring(eqeq + 2))));
            } else if (eq >= 0) {
                terms.add(new Term(part.substring(0, eq).trim(), true, unescape(part.substring(eq + 1))));
            } else {
                throw new SelectorException("invalid selector: '" + text + "'; can't understand '" + part + "'");
            }
        }
        return new FieldSelector(terms);
    }

    /** Throws a {@link SelectorException} naming the first field not in {@code supported}. */
    public void requireFields(Set<String> supported) {
        for (Term t : terms) {
            if (!supported.contains(t.field())) {
                throw new SelectorException("field label not supported: " + t.field());
            }
        }
    }

    /** True when {@code fields} satisfy every term; a missing field reads as {@code ""}. */
    public boolean matches(Map<String, String> fields) {
        for (Term t : terms) {
            String v = fields.getOrDefault(t.field(), "");
            if (t.equals() != v.equals(t.value())) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    public List<Term> terms() {
        return terms;
    }

    private static List<String> splitUnescaped(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == sep) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static int indexUnescaped(String s, String op) {
        for (int i = 0; i + op.length() <= s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
                continue;
            }
            if (s.startsWith(op, i)) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                sb.append(v.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}

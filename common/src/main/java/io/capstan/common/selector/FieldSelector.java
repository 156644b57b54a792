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

    /** Upstream's term operators, in the order it tries them at each position. */
    private static final List<String> OPERATORS = List.of("!=", "==", "=");
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
            // As upstream's splitTerm: the first operator in the term splits it; the field has no escapes.
            int at = -1;
            String op = null;
            for (int i = 0; i < part.length() && op == null; i++) {
                for (String candidate : OPERATORS) {
                    if (part.startsWith(candidate, i)) {
                        at = i;
                        op = candidate;
                        break;
                    }
                }
            }
            if (op == null) {
                throw new SelectorException("invalid selector: '" + text + "'; can't understand '" + part + "'");
            }
            terms.add(new Term(part.substring(0, at).trim(), !op.equals("!="), unescape(part.substring(at + op.length()))));
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

    /** Upstream's {@code UnescapeValue}: only {@code \\}, {@code \,} and {@code \=} are escapes; bare {@code ,} and {@code =} are errors. */
    private static String unescape(String v) {
        StringBuilder sb = new StringBuilder();
        boolean inSlash = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (inSlash) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\" + c);
                }
                sb.append(c);
                inSlash = false;
            } else if (c == '\\') {
                inSlash = true;
            } else if (c == ',' || c == '=') {
                throw new SelectorException("invalid field selector: unescaped character in value: " + c);
            } else {
                sb.append(c);
            }
        }
        if (inSlash) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return sb.toString();
    }
}

package io.capstan.common.selector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed label selector in upstream's string syntax ({@code a=b,c!=d,e in (x,y),!f,g}),
 * as accepted by the {@code labelSelector} query parameter.
 */
public final class LabelSelector {
    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)");
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** The selector that matches every object. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /**
     * Parses a selector string.
     *
     * @throws SelectorException with upstream-like wording when the syntax or a key/value is invalid
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        return new LabelSelector(new Parser(text).parse());
    }

    /** True when {@code labels} (never null) satisfy every requirement. */
    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** True for the empty selector. */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    static void validateKey(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !PREFIX.matcher(prefix).matches()) {
                throw new SelectorException("invalid label key \"" + key + "\": prefix part must be a DNS-1123 subdomain");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
            throw new SelectorException("invalid label key \"" + key
                    + "\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }
    }

    static void validateValue(String key, String value) {
        if (value.length() > 63 || !VALUE.matcher(value).matches()) {
            throw new SelectorException("invalid label value: \"" + value + "\": at key: \"" + key
                    + "\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
        }
    }

    /** A small recursive-descent parser over upstream's selector grammar. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Requirement> parse() {
            List<Requirement> out = new ArrayList<>();
            while (true) {
                skipSpace();
                out.add(requirement());
                skipSpace();
                if (pos >= s.length()) {
                    return out;
                }
                if (s.charAt(pos) != ',') {
                    throw new SelectorException("unable to parse requirement: found '" + s.substring(pos) + "', expected: ',' or end of string");
                }
                pos++;
            }
        }

        private Requirement requirement() {
            if (peek() == '!') {
                pos++;
                skipSpace();
                String key = identifier();
                validateKey(key);
                return new Requirement(key, Requirement.Operator.DOES_NOT_EXIST, Set.of());
            }
            String key = identifier();
            validateKey(key);
            skipSpace();
            if (pos >= s.length() || peek() == ',') {
                return new Requirement(key, Requirement.Operator.EXISTS, Set.of());
            }
            Requirement.Operator op;
            if (s.startsWith("==", pos)) {
                op = Requirement.Operator.EQUALS;
                pos += 2;
            } else if (s.startsWith("!=", pos)) {
                op = Requirement.Operator.NOT_EQUALS;
                pos += 2;
            } else if (peek() == '=') {
                op = Requirement.Operator.EQUALS;
                pos++;
            } else if (peek() == '>') {
                op = Requirement.Operator.GREATER_THAN;
                pos++;
            } else if (peek() == '<') {
                op = Requirement.Operator.LESS_THAN;
                pos++;
            } else if (word("notin")) {
                op = Requirement.Operator.NOT_IN;
            } else if (word("in")) {
                op = Requirement.Operator.IN;
            } else {
                throw new SelectorException("unable to parse requirement: found '" + s.substring(pos)
                        + "', expected: in, notin, =, ==, !=, gt, lt");
            }
            skipSpace();
            Set<String> values = new LinkedHashSet<>();
            if (op == Requirement.Operator.IN || op == Requirement.Operator.NOT_IN) {
                if (peek() != '(') {
                    throw new SelectorException("unable to parse requirement: found '" + s.substring(pos) + "', expected: '('");
                }
                pos++;
                while (true) {
                    skipSpace();
                    String v = value();
                    validateValue(key, v);
                    values.add(v);
                    skipSpace();
                    if (peek() == ',') {
                        pos++;
                    } else if (peek() == ')') {
                        pos++;
                        break;
                    } else {
                        throw new SelectorException("unable to parse requirement: found '" + s.substring(pos) + "', expected: ',', ')'");
                    }
                }
            } else {
                String v = value();
                if (op == Requirement.Operator.GREATER_THAN || op == Requirement.Operator.LESS_THAN) {
                    try {
                        Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new SelectorException("for 'gt', 'lt' operators, the value must be an integer");
                    }
                } else {
                    validateValue(key, v);
                }
                values.add(v);
            }
            return new Requirement(key, op, values);
        }

        private boolean word(String w) {
            if (s.startsWith(w, pos)) {
                int end = pos + w.length();
                if (end < s.length() && (Character.isWhitespace(s.charAt(end)) || s.charAt(end) == '(')) {
                    pos = end;
                    return true;
                }
            }
            return false;
        }

        private String identifier() {
            int start = pos;
            while (pos < s.length() && !isSpecial(s.charAt(pos)) && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw new SelectorException("unable to parse requirement: found '" + s.substring(pos) + "', expected: identifier");
            }
            return s.substring(start, pos);
        }

        private String value() {
            int start = pos;
            while (pos < s.length() && !isSpecial(s.charAt(pos)) && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private static boolean isSpecial(char c) {
            return c == ',' || c == '=' || c == '!' || c == '(' || c == ')' || c == '<' || c == '>';
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }
}

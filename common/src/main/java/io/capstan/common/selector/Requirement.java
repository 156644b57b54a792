package io.capstan.common.selector;

import java.util.Map;
import java.util.Set;

/** One term of a label selector: {@code key in (a,b)}, {@code !key}, {@code key>3}, ... */
public record Requirement(String key, Operator operator, Set<String> values) {

    /** Upstream's selection operators. */
    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

    /** True when {@code labels} satisfy this requirement. */
    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        return switch (operator) {
            case EQUALS, IN -> v != null && values.contains(v);
            case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
            case EXISTS -> labels.containsKey(key);
            case DOES_NOT_EXIST -> !labels.containsKey(key);
            case GREATER_THAN, LESS_THAN -> compare(v);
        };
    }

    private boolean compare(String v) {
        if (v == null) {
            return false;
        }
        try {
            long have = Long.parseLong(v);
            long want = Long.parseLong(values.iterator().next());
            return operator == Operator.GREATER_THAN ? have > want : have < want;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package io.capstan.common.selector;

import io.capstan.common.selector.FieldSelector.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Cases from upstream's k8s.io/apimachinery/pkg/fields/selector_test.go. */
class FieldSelectorTest {

    static Stream<Arguments> parsedTerms() {
        return Stream.of(
                arguments("a=value", List.of(new Term("a", true, "value"))),
                arguments("b==value", List.of(new Term("b", true, "value"))),
                arguments("c!=value", List.of(new Term("c", false, "value"))),
                arguments("x=a,y=b,z=c", List.of(new Term("x", true, "a"), new Term("y", true, "b"), new Term("z", true, "c"))),
                arguments("x!=a,y=b", List.of(new Term("x", false, "a"), new Term("y", true, "b"))),
                arguments("spec.nodeName=", List.of(new Term("spec.nodeName", true, ""))),
                arguments("a=a,", List.of(new Term("a", true, "a"))),
                arguments(",a=a", List.of(new Term("a", true, "a"))),
                // Escaped values: \, \= and \\ stand for the character itself.
                arguments("k=\\,", List.of(new Term("k", true, ","))),
                arguments("k=\\=", List.of(new Term("k", true, "="))),
                arguments("k=\\\\", List.of(new Term("k", true, "\\"))),
                arguments("k=\\,,k2=v2", List.of(new Term("k", true, ","), new Term("k2", true, "v2"))),
                arguments("k=\\\\,k2=v2", List.of(new Term("k", true, "\\"), new Term("k2", true, "v2"))),
                arguments("k=\\\\\\,,k2=v2", List.of(new Term("k", true, "\\,"), new Term("k2", true, "v2"))),
                arguments("x=a||y\\=b", List.of(new Term("x", true, "a||y=b"))),
                arguments("x=a\\=\\=b", List.of(new Term("x", true, "a==b"))),
                arguments("x!=a\\,b", List.of(new Term("x", false, "a,b"))),
                // The first operator in the term splits it.
                arguments("x==\\=a", List.of(new Term("x", true, "=a"))),
                // Values are literal: spaces are kept.
                arguments("x= a ", List.of(new Term("x", true, " a "))),
                arguments("함=수,목=록", List.of(new Term("함", true, "수"), new Term("목", true, "록"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsedTerms")
    void parsesTerms(String text, List<Term> expected) {
        assertEquals(expected, FieldSelector.parse(text).terms());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=a||y=b", "x==a==b", "x=a=b", "x!=a=b", "x=a,b", "x in (a)", "x in (a,b,c)", "x",
            "x=\\a", "k=\\", "k=\\\\\\", "k=a\\b"})
    void rejectsBadSelectors(String text) {
        assertThrows(SelectorException.class, () -> FieldSelector.parse(text));
    }

    @Test
    void invalidEscapeSequenceIsNamed() {
        SelectorException e = assertThrows(SelectorException.class, () -> FieldSelector.parse("x=\\a"));
        assertTrue(e.getMessage().contains("invalid escape sequence"), e.getMessage());
    }

    @Test
    void termWithoutOperatorIsNamed() {
        SelectorException e = assertThrows(SelectorException.class, () -> FieldSelector.parse("x=a,b"));
        assertEquals("invalid selector: 'x=a,b'; can't understand 'b'", e.getMessage());
    }

    static Stream<Arguments> matches() {
        Map<String, String> fields = Map.of("foo", "bar", "baz", "blah", "complex", "=value\\,\\");
        return Stream.of(
                arguments("", Map.of("x", "y"), true),
                arguments("x=y", Map.of("x", "y"), true),
                arguments("x=y,z=w", Map.of("x", "y", "z", "w"), true),
                arguments("x!=y,z!=w", Map.of("x", "z", "z", "a"), true),
                arguments("notin=in", Map.of("notin", "in"), true),
                arguments("x=y", Map.of("x", "z"), false),
                arguments("x=y,z=w", Map.of("x", "w", "z", "w"), false),
                arguments("x!=y,z!=w", Map.of("x", "z", "z", "w"), false),
                arguments("foo=bar", fields, true),
                arguments("baz=blah", fields, true),
                arguments("foo=bar,baz=blah", fields, true),
                arguments("foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\", fields, true),
                arguments("foo=blah", fields, false),
                arguments("baz=bar", fields, false),
                arguments("foo=bar,foobar=bar,baz=blah", fields, false),
                // A missing field reads as "".
                arguments("spec.nodeName=", Map.of(), true),
                arguments("spec.nodeName!=", Map.of(), false),
                arguments("spec.nodeName!=", Map.of("spec.nodeName", "n1"), true));
    }

    @ParameterizedTest(name = "\"{0}\" on {1} -> {2}")
    @MethodSource("matches")
    void matchesLikeUpstream(String selector, Map<String, String> fields, boolean expected) {
        assertEquals(expected, FieldSelector.parse(selector).matches(fields));
    }

    @Test
    void emptyAndNullSelectEverything() {
        assertTrue(FieldSelector.everything().isEmpty());
        assertTrue(FieldSelector.parse("").isEmpty());
        assertTrue(FieldSelector.parse(null).isEmpty());
        assertTrue(FieldSelector.parse(",").isEmpty());
        assertTrue(FieldSelector.parse(null).matches(Map.of("x", "y")));
    }

    @Test
    void requireFieldsNamesTheFirstUnsupportedField() {
        FieldSelector s = FieldSelector.parse("metadata.name=a,status.phase=Running,spec.bogus=x");
        assertDoesNotThrow(() -> s.requireFields(Set.of("metadata.name", "status.phase", "spec.bogus")));
        SelectorException e = assertThrows(SelectorException.class,
                () -> s.requireFields(Set.of("metadata.name", "status.phase")));
        assertEquals("field label not supported: spec.bogus", e.getMessage());
    }
}

package io.capstan.common.selector;

import io.capstan.common.selector.Requirement.Operator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Cases from upstream's k8s.io/apimachinery/pkg/labels/selector_test.go. */
class LabelSelectorTest {

    @ParameterizedTest
    @ValueSource(strings = {"x=a,y=b,z=c", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5",
            "x==a", "x = a", "! x", "x in (a)", "x in(a)", "x notin (a,b)", "a ", "\rx",
            "this-is-a-dns.domain.com/key-with-dash", "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
            "x in (abc,)", "x in ()", "x notin ( )", "x notin (, a)", "x notin (abc,,def),bar,z in (),w",
            "a in (x,y,notin, z,in)", "notin=in", "x>-1"})
    void parsesValidSelectors(String text) {
        LabelSelector s = LabelSelector.parse(text);
        assertFalse(s.isEmpty(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=a||y=b", "x==a==b", "!x=a", "x<a", "x>1.5", "x,,y", ",x,y", "x nott in (y)",
            "a in (xyz),", "a in (xyz)b notin ()", "a in (xyz abc)", "a notin(", "a (", "(", "x=a b", "x in", "x in a",
            "x in (a", "x=(a)", "x>", "=a"})
    void rejectsBadSyntax(String text) {
        assertThrows(SelectorException.class, () -> LabelSelector.parse(text));
    }

    static Stream<Arguments> invalidKeysAndValues() {
        return Stream.of(
                arguments("-x=a", "key name part starting with '-'"),
                arguments("x-=a", "key name part ending with '-'"),
                arguments("a/b/c=x", "key with two slashes"),
                arguments("/x=a", "empty prefix"),
                arguments("x/=a", "empty name part"),
                arguments("Example.com/x=a", "prefix not lower case"),
                arguments("-bad.com/x=a", "prefix not a DNS subdomain"),
                arguments("a".repeat(64) + "=b", "name part longer than 63"),
                arguments("a".repeat(254) + "/b=c", "prefix longer than 253"),
                arguments("a".repeat(254), "bare key longer than 63 (upstream: 254 'a's break the key rule)"),
                arguments("x=-a", "value starting with '-'"),
                arguments("x=a.", "value ending with '.'"),
                arguments("x=a/b", "value with '/'"),
                arguments("x=" + "v".repeat(64), "value longer than 63"),
                arguments("x in (a,-b)", "invalid value inside a set"),
                arguments("x notin (a_)", "invalid value inside notin"),
                arguments("!-x", "invalid key after '!'"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("invalidKeysAndValues")
    void rejectsInvalidKeysAndValues(String text, String why) {
        assertThrows(SelectorException.class, () -> LabelSelector.parse(text), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com/My_Key-1.2", "k", "1234", "1foo", "a.b_c-d"})
    void acceptsQualifiedNames(String key) {
        assertEquals(key, LabelSelector.parse(key + "=v").requirements().get(0).key());
    }

    @Test
    void acceptsLongestValidKeyAndValue() {
        String key = "a".repeat(253) + "/" + "b".repeat(63);
        String value = "c".repeat(63);
        Requirement r = LabelSelector.parse(key + "=" + value).requirements().get(0);
        assertEquals(key, r.key());
        assertEquals(Set.of(value), r.values());
    }

    static Stream<Arguments> parsedRequirements() {
        return Stream.of(
                arguments("x", List.of(req("x", Operator.EXISTS))),
                arguments("a ", List.of(req("a", Operator.EXISTS))),
                arguments("\rx", List.of(req("x", Operator.EXISTS))),
                arguments("!x", List.of(req("x", Operator.DOES_NOT_EXIST))),
                arguments("x=a", List.of(req("x", Operator.EQUALS, "a"))),
                arguments("x==a", List.of(req("x", Operator.EQUALS, "a"))),
                arguments("x!=a", List.of(req("x", Operator.NOT_EQUALS, "a"))),
                arguments("x=", List.of(req("x", Operator.EQUALS, ""))),
                arguments("x>1", List.of(req("x", Operator.GREATER_THAN, "1"))),
                arguments("x<7", List.of(req("x", Operator.LESS_THAN, "7"))),
                arguments("x in (abc,def)", List.of(req("x", Operator.IN, "abc", "def"))),
                arguments("foo  in\t (abc)", List.of(req("foo", Operator.IN, "abc"))),
                arguments("x notin\n (abc)", List.of(req("x", Operator.NOT_IN, "abc"))),
                arguments("x  notin\t\t\t(abc,def)", List.of(req("x", Operator.NOT_IN, "abc", "def"))),
                arguments("x in (abc,)", List.of(req("x", Operator.IN, "abc", ""))),
                arguments("x in ()", List.of(req("x", Operator.IN, ""))),
                arguments("x notin (, a)", List.of(req("x", Operator.NOT_IN, "", "a"))),
                arguments("this-is-another-dns.domain.com/key-with-dash in (so,what)",
                        List.of(req("this-is-another-dns.domain.com/key-with-dash", Operator.IN, "so", "what"))),
                arguments("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
                        List.of(req("0.1.2.domain/99", Operator.NOT_IN, "10.10.100.1", "tick.tack.clock"))),
                arguments("a in (x,y,notin, z,in)", List.of(req("a", Operator.IN, "x", "y", "notin", "z", "in"))),
                arguments("notin=in", List.of(req("notin", Operator.EQUALS, "in"))),
                arguments("x=a,y!=b,z in (h,i,j)", List.of(req("x", Operator.EQUALS, "a"),
                        req("y", Operator.NOT_EQUALS, "b"), req("z", Operator.IN, "h", "i", "j"))),
                arguments("x notin (abc,,def),bar,z in (),w", List.of(req("x", Operator.NOT_IN, "abc", "", "def"),
                        req("bar", Operator.EXISTS), req("z", Operator.IN, ""), req("w", Operator.EXISTS))),
                arguments(" x = a , ! y ", List.of(req("x", Operator.EQUALS, "a"), req("y", Operator.DOES_NOT_EXIST))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsedRequirements")
    void parsesRequirements(String text, List<Requirement> expected) {
        assertEquals(expected, LabelSelector.parse(text).requirements());
    }

    static Stream<Arguments> matches() {
        Map<String, String> fooBaz = Map.of("foo", "bar", "baz", "blah");
        return Stream.of(
                arguments("", Map.of("x", "y"), true),
                arguments("x=y", Map.of("x", "y"), true),
                arguments("x=y,z=w", Map.of("x", "y", "z", "w"), true),
                arguments("x!=y,z!=w", Map.of("x", "z", "z", "a"), true),
                arguments("notin=in", Map.of("notin", "in"), true),
                arguments("x", Map.of("x", "z"), true),
                arguments("!x", Map.of("y", "z"), true),
                arguments("x>1", Map.of("x", "2"), true),
                arguments("x<1", Map.of("x", "0"), true),
                arguments("x=z", Map.of(), false),
                arguments("x=y", Map.of("x", "z"), false),
                arguments("x=y,z=w", Map.of("x", "w", "z", "w"), false),
                arguments("x!=y,z!=w", Map.of("x", "z", "z", "w"), false),
                arguments("x", Map.of("y", "z"), false),
                arguments("!x", Map.of("x", "z"), false),
                arguments("x>1", Map.of("x", "0"), false),
                arguments("x<1", Map.of("x", "2"), false),
                arguments("foo=bar", fooBaz, true),
                arguments("baz=blah", fooBaz, true),
                arguments("foo=bar,baz=blah", fooBaz, true),
                arguments("foo=blah", fooBaz, false),
                arguments("baz=bar", fooBaz, false),
                arguments("foo=bar,foobar=bar,baz=blah", fooBaz, false),
                // TestRequirementSelectorMatching
                arguments("x in (foo),y notin (alpha)", Map.of("x", "foo", "y", "baz"), true),
                arguments("x in (foo),y in (alpha)", Map.of("x", "foo", "y", "baz"), false),
                arguments("x notin (),y", Map.of("y", ""), true),
                arguments("!x,y", Map.of("y", ""), true),
                arguments("x notin (),!y", Map.of("y", ""), false),
                arguments("x in ()", Map.of("y", "baz"), false),
                arguments("z>1", Map.of("z", "2"), true),
                arguments("z>1", Map.of("z", "v2"), false),
                // A missing key: != and notin match, =, in, > and < do not.
                arguments("x!=a", Map.of(), true),
                arguments("x notin (a)", Map.of(), true),
                arguments("x in (a)", Map.of(), false),
                arguments("x>0", Map.of(), false),
                arguments("x<0", Map.of(), false),
                // An empty value is a value: it exists and equals "".
                arguments("x", Map.of("x", ""), true),
                arguments("x=", Map.of("x", ""), true),
                arguments("x=", Map.of(), false),
                arguments("!x", Map.of("x", ""), false));
    }

    @ParameterizedTest(name = "\"{0}\" on {1} -> {2}")
    @MethodSource("matches")
    void matchesLikeUpstream(String selector, Map<String, String> labels, boolean expected) {
        assertEquals(expected, LabelSelector.parse(selector).matches(labels));
    }

    @Test
    void emptyAndNullSelectEverything() {
        assertTrue(LabelSelector.everything().isEmpty());
        assertTrue(LabelSelector.everything().matches(Map.of("x", "y")));
        assertTrue(LabelSelector.parse("").isEmpty());
        assertTrue(LabelSelector.parse("  ").isEmpty());
        assertTrue(LabelSelector.parse(null).isEmpty());
        assertTrue(LabelSelector.parse(null).matches(Map.of()));
    }

    @Test
    void invalidValueMessageNamesValueAndKey() {
        SelectorException e = assertThrows(SelectorException.class, () -> LabelSelector.parse("app=-x"));
        assertTrue(e.getMessage().contains("\"-x\"") && e.getMessage().contains("\"app\""), e.getMessage());
    }

    private static Requirement req(String key, Operator op, String... values) {
        return new Requirement(key, op, Set.of(values));
    }
}

package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Upstream's ObjectMeta validation and the name rules of k8s.io/apimachinery/pkg/util/validation. */
class ObjectMetaValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2",
            "a.a", "ab.a", "a-1.a", "0.a", "a.1", "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55", "example.com"})
    void validDns1123Subdomains(String name) {
        assertEquals(List.of(), ObjectMetaValidation.nameProblems(name, Strategy.NameRule.DNS1123_SUBDOMAIN));
    }

    @Test
    void longestDns1123Subdomain() {
        assertEquals(List.of(), ObjectMetaValidation.nameProblems("a".repeat(253), Strategy.NameRule.DNS1123_SUBDOMAIN));
        assertEquals(List.of("must be no more than 253 characters"),
                ObjectMetaValidation.nameProblems("a".repeat(254), Strategy.NameRule.DNS1123_SUBDOMAIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b",
            "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "A.a", "aB.a", "ab.A", "0.A",
            "A.B.C.D.E", "a.B.c.d.e", "a@b", "a,b", "a;b", "a:b", "a%b", "a?b", "a$b", "a/b"})
    void invalidDns1123Subdomains(String name) {
        List<String> problems = ObjectMetaValidation.nameProblems(name, Strategy.NameRule.DNS1123_SUBDOMAIN);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"),
                problems.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2"})
    void validDns1123Labels(String name) {
        assertEquals(List.of(), ObjectMetaValidation.nameProblems(name, Strategy.NameRule.DNS1123_LABEL));
        assertTrue(ObjectMetaValidation.isDns1123Label(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b",
            "1_2", ".", "a.", ".a", "a.b", "1.2", " ", "a ", " a", "a b", "a@b", "a/b"})
    void invalidDns1123Labels(String name) {
        List<String> problems = ObjectMetaValidation.nameProblems(name, Strategy.NameRule.DNS1123_LABEL);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("a lowercase RFC 1123 label must consist of"), problems.get(0));
        assertTrue(!ObjectMetaValidation.isDns1123Label(name));
    }

    @Test
    void longestDns1123Label() {
        assertEquals(List.of(), ObjectMetaValidation.nameProblems("a".repeat(63), Strategy.NameRule.DNS1123_LABEL));
        assertEquals(List.of("must be no more than 63 characters"),
                ObjectMetaValidation.nameProblems("a".repeat(64), Strategy.NameRule.DNS1123_LABEL));
        assertTrue(!ObjectMetaValidation.isDns1123Label("a".repeat(64)));
    }

    @Test
    void pathSegmentNames() {
        assertEquals(List.of(), ObjectMetaValidation.nameProblems("Any_Name.with-Chars", Strategy.NameRule.PATH_SEGMENT));
        assertEquals(List.of("may not be '.'"), ObjectMetaValidation.nameProblems(".", Strategy.NameRule.PATH_SEGMENT));
        assertEquals(List.of("may not be '..'"), ObjectMetaValidation.nameProblems("..", Strategy.NameRule.PATH_SEGMENT));
        assertEquals(List.of("may not contain '/' or '%'"), ObjectMetaValidation.nameProblems("a/b", Strategy.NameRule.PATH_SEGMENT));
        assertEquals(List.of("may not contain '/' or '%'"), ObjectMetaValidation.nameProblems("a%b", Strategy.NameRule.PATH_SEGMENT));
    }

    @Test
    void nameIsRequired() {
        assertEquals(List.of(cause("FieldValueRequired", "metadata.name", "Required value: name or generateName is required")),
                validate(meta(Map.of())));
    }

    @Test
    void invalidNameIsNamedInTheCause() {
        List<Cause> causes = validate(meta(Map.of("name", "Bad_Name")));
        assertEquals(1, causes.size());
        assertEquals("FieldValueInvalid", causes.get(0).reason());
        assertEquals("metadata.name", causes.get(0).field());
        assertTrue(causes.get(0).message().startsWith("Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain"), causes.get(0).message());
    }

    @Test
    void namespaceIsForbiddenOnClusterScopedKinds() {
        ObjectNode obj = meta(Map.of("name", "n", "namespace", "default"));
        assertEquals(List.of(cause("FieldValueForbidden", "metadata.namespace", "Forbidden: not allowed on this type")),
                causes(ObjectMetaValidation.validate(obj, Strategy.NameRule.DNS1123_SUBDOMAIN, false)));
        assertEquals(List.of(), causes(ObjectMetaValidation.validate(obj, Strategy.NameRule.DNS1123_SUBDOMAIN, true)));
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                arguments("app", "web", true),
                arguments("app.kubernetes.io/name", "web", true),
                arguments("example.com/a_b.c-D", "A_b.c-9", true),
                arguments("A", "", true),
                arguments("k", "v".repeat(63), true),
                arguments("a".repeat(63), "v", true),
                arguments("a".repeat(253) + "/" + "b".repeat(63), "v", true),
                arguments("-a", "v", false),
                arguments("a-", "v", false),
                arguments("a/b/c", "v", false),
                arguments("/a", "v", false),
                arguments("a/", "v", false),
                arguments("Example.com/a", "v", false),
                arguments("a b", "v", false),
                arguments("a".repeat(64), "v", false),
                arguments("a".repeat(254) + "/b", "v", false),
                arguments("k", "-v", false),
                arguments("k", "v-", false),
                arguments("k", "v".repeat(64), false),
                arguments("k", "a b", false),
                arguments("k", "a/b", false));
    }

    @ParameterizedTest(name = "{0}={1} valid={2}")
    @MethodSource("labels")
    void labelKeysAndValues(String key, String value, boolean valid) {
        List<Cause> causes = validate(meta(Map.of("name", "n", "labels", Map.of(key, value))));
        if (valid) {
            assertEquals(List.of(), causes);
        } else {
            // An empty name part ("a/") is both empty and unmatched by the regex: upstream reports both.
            assertEquals(key.endsWith("/") ? 2 : 1, causes.size(), causes.toString());
            assertEquals("FieldValueInvalid", causes.get(0).reason());
            assertEquals("metadata.labels", causes.get(0).field());
        }
    }

    @Test
    void labelsMustBeAMap() {
        List<Cause> causes = validate(meta(Map.of("name", "n", "labels", List.of("a"))));
        assertEquals(List.of("metadata.labels"), causes.stream().map(Cause::field).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Example.COM/Some_Key", "kubectl.kubernetes.io/last-applied-configuration", "A.B/C"})
    void annotationKeysAreCaseInsensitiveQualifiedNames(String key) {
        assertEquals(List.of(), validate(meta(Map.of("name", "n", "annotations", Map.of(key, "any value / at all")))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "-a", "a/b/c", "/a"})
    void invalidAnnotationKeys(String key) {
        List<Cause> causes = validate(meta(Map.of("name", "n", "annotations", Map.of(key, "v"))));
        assertEquals(List.of("metadata.annotations"), causes.stream().map(Cause::field).toList());
        assertEquals("FieldValueInvalid", causes.get(0).reason());
    }

    @Test
    void annotationsMayTotal256KiB() {
        // Keys and values count, in bytes.
        assertEquals(List.of(), validate(meta(Map.of("name", "n", "annotations", Map.of("k", "v".repeat(256 * 1024 - 1))))));
        assertEquals(List.of(), validate(meta(Map.of("name", "n",
                "annotations", Map.of("a", "v".repeat(128 * 1024 - 1), "b", "v".repeat(128 * 1024 - 1))))));
    }

    @Test
    void annotationsOver256KiBAreTooLong() {
        Cause tooLong = cause("FieldValueTooLong", "metadata.annotations", "Too long: may not be more than 262144 bytes");
        assertEquals(List.of(tooLong), validate(meta(Map.of("name", "n", "annotations", Map.of("k", "v".repeat(256 * 1024))))));
        assertEquals(List.of(tooLong), validate(meta(Map.of("name", "n",
                "annotations", Map.of("a", "v".repeat(128 * 1024 - 1), "b", "v".repeat(128 * 1024))))));
        // "é" is two bytes in UTF-8.
        assertEquals(List.of(tooLong), validate(meta(Map.of("name", "n", "annotations", Map.of("k", "é".repeat(128 * 1024))))));
    }

    private record Cause(String reason, String field, String message) {
    }

    private static Cause cause(String reason, String field, String message) {
        return new Cause(reason, field, message);
    }

    private static List<Cause> causes(List<StatusCause> causes) {
        return causes.stream().map(c -> new Cause(c.getReason(), c.getField(), c.getMessage())).toList();
    }

    private static List<Cause> validate(ObjectNode obj) {
        return causes(ObjectMetaValidation.validate(obj, Strategy.NameRule.DNS1123_SUBDOMAIN, true));
    }

    private static ObjectNode meta(Map<String, Object> metadata) {
        ObjectNode obj = Json.MAPPER.createObjectNode();
        obj.set("metadata", Json.MAPPER.valueToTree(metadata));
        return obj;
    }

    static Stream<Arguments> qualifiedNames() {
        String regex = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        return Stream.of(
                arguments("app", List.of()),
                arguments("example.com/My_Name.1", List.of()),
                arguments("bad key", List.of("name part " + regex)),
                arguments("example.com/", List.of("name part must be non-empty", "name part " + regex)),
                arguments("/name", List.of("prefix part must be non-empty")),
                arguments("Example.com/name", List.of("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")),
                arguments("a".repeat(64), List.of("name part must be no more than 63 characters")),
                arguments("a/b/c", List.of("a qualified name " + regex + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")));
    }

    @ParameterizedTest
    @MethodSource("qualifiedNames")
    void qualifiedNameProblemsAreWordedAsUpstream(String key, List<String> expected) {
        assertEquals(expected, ObjectMetaValidation.qualifiedNameProblems(key));
    }
}

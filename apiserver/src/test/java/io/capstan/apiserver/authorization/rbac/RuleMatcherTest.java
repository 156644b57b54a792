package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.capstan.apiserver.authorization.rbac.bootstrappolicy.PolicyRuleBuilder.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstream's {@code RuleAllows} cases (plugin/pkg/auth/authorizer/rbac/rbac_test.go {@code TestRuleMatches}). */
class RuleMatcherTest {
    static final UserInfo U = new UserInfo("u", "", java.util.List.of(), java.util.Map.of());

    static Attributes res(String verb, String group, String resource, String sub, String name) {
        return Attributes.resource(U, verb, "ns", group, "v1", resource, sub, name);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("star verb", rule("*").groups("").resources("pods").build(), res("get", "", "pods", "", ""), true),
                Arguments.of("exact", rule("get").groups("").resources("pods").build(), res("get", "", "pods", "", ""), true),
                Arguments.of("wrong verb", rule("get").groups("").resources("pods").build(), res("list", "", "pods", "", ""), false),
                Arguments.of("wrong group", rule("get").groups("apps").resources("pods").build(), res("get", "", "pods", "", ""), false),
                Arguments.of("star group", rule("get").groups("*").resources("pods").build(), res("get", "x.io", "pods", "", ""), true),
                Arguments.of("star resource", rule("get").groups("").resources("*").build(), res("get", "", "pods", "status", ""), true),
                Arguments.of("resource does not cover its subresource", rule("get").groups("").resources("pods").build(),
                        res("get", "", "pods", "log", ""), false),
                Arguments.of("exact subresource", rule("get").groups("").resources("pods/log").build(), res("get", "", "pods", "log", ""), true),
                Arguments.of("*/subresource", rule("get").groups("").resources("*/scale").build(), res("get", "", "deployments", "scale", ""), true),
                Arguments.of("*/subresource needs that subresource", rule("get").groups("").resources("*/scale").build(),
                        res("get", "", "deployments", "status", ""), false),
                Arguments.of("*/subresource does not match the resource", rule("get").groups("").resources("*/scale").build(),
                        res("get", "", "deployments", "", ""), false),
                Arguments.of("resource/* is no wildcard upstream", rule("get").groups("").resources("pods/*").build(),
                        res("get", "", "pods", "log", ""), false),
                Arguments.of("named rule, matching name", rule("get").groups("").resources("pods").names("a").build(),
                        res("get", "", "pods", "", "a"), true),
                Arguments.of("named rule, other name", rule("get").groups("").resources("pods").names("a").build(),
                        res("get", "", "pods", "", "b"), false),
                Arguments.of("named rule never matches a list", rule("list").groups("").resources("pods").names("a").build(),
                        res("list", "", "pods", "", ""), false),
                Arguments.of("url exact", rule("get").urls("/healthz").build(), Attributes.nonResource(U, "get", "/healthz"), true),
                Arguments.of("url exact is not prefix", rule("get").urls("/healthz").build(), Attributes.nonResource(U, "get", "/healthz/ping"), false),
                Arguments.of("url trailing star", rule("get").urls("/healthz/*").build(), Attributes.nonResource(U, "get", "/healthz/ping"), true),
                Arguments.of("url star", rule("get").urls("*").build(), Attributes.nonResource(U, "get", "/anything"), true),
                Arguments.of("url rule, wrong verb", rule("get").urls("*").build(), Attributes.nonResource(U, "post", "/anything"), false),
                Arguments.of("resource rule never matches a URL", rule("*").groups("*").resources("*").build(),
                        Attributes.nonResource(U, "get", "/healthz"), false),
                Arguments.of("URL rule never matches a resource", rule("*").urls("*").build(), res("get", "", "pods", "", ""), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesAsUpstream(String name, PolicyRule rule, Attributes a, boolean expected) {
        assertEquals(expected, RuleMatcher.allows(a, rule));
    }

}

package io.capstan.apiserver.audit;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.capstan.apiserver.audit.Level.METADATA;
import static io.capstan.apiserver.audit.Level.NONE;
import static io.capstan.apiserver.audit.Level.REQUEST;
import static io.capstan.apiserver.audit.Level.REQUEST_RESPONSE;
import static io.capstan.apiserver.audit.Stage.PANIC;
import static io.capstan.apiserver.audit.Stage.REQUEST_RECEIVED;
import static io.capstan.apiserver.audit.Stage.RESPONSE_COMPLETE;
import static io.capstan.apiserver.audit.Stage.RESPONSE_STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstream's {@code policy/checker_test.go}, case for case. */
class PolicyRuleEvaluatorTest {
    static final UserInfo TIM = new UserInfo("tim@k8s.io", "", List.of("humans", "developers"), Map.of());
    static final UserInfo NOBODY = new UserInfo("", "", List.of(), Map.of());

    static final Map<String, Attributes> ATTRS = Map.of(
            "namespaced", Attributes.resource(TIM, "get", "default", "", "v1", "pods", "", "busybox"),
            "cluster", Attributes.resource(TIM, "get", "", "rbac.authorization.k8s.io", "v1beta1", "clusterroles", "", "edit"),
            "nonResource", Attributes.nonResource(TIM, "get", "/logs/kubelet.log"),
            "subresource", Attributes.resource(TIM, "get", "default", "", "v1", "pods", "log", "busybox"),
            "Unauthorized", Attributes.resource(NOBODY, "get", "default", "", "v1", "pods", "", "busybox"));

    static PolicyRule rule(Level level, List<String> users, List<String> groups, List<String> verbs,
                           List<GroupResources> resources, List<String> namespaces, List<String> urls, Set<Stage> omit) {
        return new PolicyRule(level, users, groups, verbs, resources, namespaces, urls, omit, null);
    }

    static GroupResources gr(String group, List<String> resources, List<String> names) {
        return new GroupResources(group, resources, names);
    }

    static final Map<String, PolicyRule> RULES = Map.ofEntries(
            Map.entry("default", PolicyRule.of(METADATA)),
            Map.entry("create", rule(REQUEST, List.of(), List.of(), List.of("create"), List.of(), List.of(), List.of(), Set.of())),
            Map.entry("tims", rule(METADATA, List.of("tim@k8s.io"), List.of(), List.of(), List.of(), List.of(), List.of(), Set.of())),
            Map.entry("humans", rule(METADATA, List.of(), List.of("humans"), List.of(), List.of(), List.of(), List.of(), Set.of())),
            Map.entry("serviceAccounts", rule(REQUEST, List.of(), List.of("system:serviceaccounts"), List.of(), List.of(), List.of(), List.of(), Set.of())),
            Map.entry("getPods", rule(REQUEST_RESPONSE, List.of(), List.of(), List.of("get"), List.of(gr("", List.of("pods"), List.of())), List.of(), List.of(), Set.of())),
            Map.entry("getPodLogs", rule(REQUEST, List.of(), List.of(), List.of("get"), List.of(gr("", List.of("pods/log"), List.of())), List.of(), List.of(), Set.of())),
            Map.entry("getPodWildcardMatching", rule(REQUEST, List.of(), List.of(), List.of("get"), List.of(gr("", List.of("*"), List.of())), List.of(), List.of(), Set.of())),
            Map.entry("getPodResourceWildcardMatching", rule(REQUEST, List.of(), List.of(), List.of("get"), List.of(gr("", List.of("*/log"), List.of())), List.of(), List.of(), Set.of())),
            Map.entry("getPodSubResourceWildcardMatching", rule(REQUEST, List.of(), List.of(), List.of("get"), List.of(gr("", List.of("pods/*"), List.of())), List.of(), List.of(), Set.of())),
            Map.entry("getClusterRoles", rule(REQUEST_RESPONSE, List.of(), List.of(), List.of("get"),
                    List.of(gr("rbac.authorization.k8s.io", List.of("clusterroles"), List.of())), List.of(""), List.of(), Set.of())),
            Map.entry("getLogs", rule(REQUEST_RESPONSE, List.of(), List.of(), List.of("get"), List.of(), List.of(), List.of("/logs*"), Set.of())),
            Map.entry("getMetrics", rule(REQUEST, List.of(), List.of(), List.of("get"), List.of(), List.of(), List.of("/metrics"), Set.of())),
            Map.entry("clusterRoleEdit", rule(REQUEST, List.of(), List.of(), List.of(),
                    List.of(gr("rbac.authorization.k8s.io", List.of("clusterroles"), List.of("edit"))), List.of(), List.of(), Set.of())),
            Map.entry("omit RequestReceived", rule(REQUEST, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Set.of(REQUEST_RECEIVED))),
            Map.entry("only audit panic", rule(REQUEST, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    Set.of(REQUEST_RECEIVED, RESPONSE_STARTED, RESPONSE_COMPLETE))));

    /** Upstream's {@code testAuditLevel}: request, expected level, rules in order. */
    static Stream<Arguments> levels() {
        return Stream.of(
                Arguments.of("namespaced", METADATA, List.of("default")),
                Arguments.of("namespaced", NONE, List.of("create")),
                Arguments.of("namespaced", METADATA, List.of("tims")),
                Arguments.of("namespaced", METADATA, List.of("humans")),
                Arguments.of("namespaced", NONE, List.of("serviceAccounts")),
                Arguments.of("namespaced", REQUEST_RESPONSE, List.of("getPods")),
                Arguments.of("namespaced", NONE, List.of("getClusterRoles")),
                Arguments.of("namespaced", NONE, List.of("getLogs")),
                Arguments.of("namespaced", NONE, List.of("getMetrics")),
                Arguments.of("namespaced", METADATA, List.of("getMetrics", "serviceAccounts", "default")),
                Arguments.of("namespaced", REQUEST_RESPONSE, List.of("getMetrics", "getPods", "default")),
                Arguments.of("namespaced", REQUEST_RESPONSE, List.of("getPodLogs", "getPods")),

                Arguments.of("cluster", METADATA, List.of("default")),
                Arguments.of("cluster", NONE, List.of("create")),
                Arguments.of("cluster", METADATA, List.of("tims")),
                Arguments.of("cluster", METADATA, List.of("humans")),
                Arguments.of("cluster", NONE, List.of("serviceAccounts")),
                Arguments.of("cluster", NONE, List.of("getPods")),
                Arguments.of("cluster", REQUEST_RESPONSE, List.of("getClusterRoles")),
                Arguments.of("cluster", REQUEST, List.of("clusterRoleEdit", "getClusterRoles")),
                Arguments.of("cluster", NONE, List.of("getLogs")),
                Arguments.of("cluster", NONE, List.of("getMetrics")),
                Arguments.of("cluster", METADATA, List.of("getMetrics", "serviceAccounts", "default")),
                Arguments.of("cluster", REQUEST_RESPONSE, List.of("getMetrics", "getClusterRoles", "default")),
                Arguments.of("cluster", NONE, List.of("getPodLogs", "getPods")),

                Arguments.of("nonResource", METADATA, List.of("default")),
                Arguments.of("nonResource", NONE, List.of("create")),
                Arguments.of("nonResource", METADATA, List.of("tims")),
                Arguments.of("nonResource", METADATA, List.of("humans")),
                Arguments.of("nonResource", NONE, List.of("serviceAccounts")),
                Arguments.of("nonResource", NONE, List.of("getPods")),
                Arguments.of("nonResource", NONE, List.of("getClusterRoles")),
                Arguments.of("nonResource", REQUEST_RESPONSE, List.of("getLogs")),
                Arguments.of("nonResource", NONE, List.of("getMetrics")),
                Arguments.of("nonResource", METADATA, List.of("getMetrics", "serviceAccounts", "default")),
                Arguments.of("nonResource", REQUEST_RESPONSE, List.of("getLogs", "getClusterRoles", "default")),
                Arguments.of("nonResource", NONE, List.of("getPodLogs", "getPods")),

                Arguments.of("subresource", REQUEST, List.of("getPodLogs", "getPods")),
                Arguments.of("subresource", REQUEST, List.of("getPodWildcardMatching")),
                Arguments.of("subresource", REQUEST, List.of("getPodResourceWildcardMatching")),
                Arguments.of("subresource", REQUEST, List.of("getPodSubResourceWildcardMatching")),

                Arguments.of("Unauthorized", NONE, List.of("tims")),
                Arguments.of("Unauthorized", METADATA, List.of("tims", "default")),
                Arguments.of("Unauthorized", NONE, List.of("humans")),
                Arguments.of("Unauthorized", METADATA, List.of("humans", "default")));
    }

    static RequestAuditConfig evaluate(String request, Set<Stage> policyStages, List<String> ruleNames) {
        List<PolicyRule> rules = new ArrayList<>();
        ruleNames.forEach(n -> rules.add(RULES.get(n)));
        return new PolicyRuleEvaluator(new Policy(rules, policyStages, false)).evaluate(ATTRS.get(request));
    }

    @ParameterizedTest(name = "{0} with {2} -> {1}")
    @MethodSource("levels")
    void levelWithoutPolicyStages(String request, Level level, List<String> rules) {
        RequestAuditConfig c = evaluate(request, Set.of(), rules);
        assertEquals(level, c.level());
        assertEquals(Set.of(), c.omitStages());
    }

    @ParameterizedTest(name = "{0} with {2} -> {1}")
    @MethodSource("levels")
    void levelWithPolicyStages(String request, Level level, List<String> rules) {
        Set<Stage> policyStages = Set.of(REQUEST_RECEIVED, RESPONSE_STARTED);
        RequestAuditConfig c = evaluate(request, policyStages, rules);
        assertEquals(level, c.level());
        assertEquals(policyStages, c.omitStages());
    }

    /** Upstream's {@code TestChecker} and {@code TestCheckerPolicyOmitStages} omitStages cases. */
    static Stream<Arguments> stages() {
        Set<Stage> none = Set.of();
        Set<Stage> policy = Set.of(REQUEST_RECEIVED, RESPONSE_STARTED);
        Set<Stage> allButPanic = Set.of(REQUEST_RECEIVED, RESPONSE_STARTED, RESPONSE_COMPLETE);
        List<Arguments> out = new ArrayList<>();
        for (String req : List.of("namespaced", "cluster", "nonResource")) {
            out.add(Arguments.of(req, REQUEST, none, Set.of(REQUEST_RECEIVED), List.of("omit RequestReceived", "getPods", "default")));
            out.add(Arguments.of(req, REQUEST, none, allButPanic, List.of("only audit panic", "getPods", "default")));
            out.add(Arguments.of(req, REQUEST, policy, allButPanic, List.of("only audit panic", "getPods", "default")));
        }
        out.add(Arguments.of("namespaced", REQUEST, policy, policy, List.of("omit RequestReceived", "getPods", "default")));
        out.add(Arguments.of("cluster", REQUEST, policy, policy, List.of("omit RequestReceived", "getPods", "default")));
        out.add(Arguments.of("nonResource", METADATA, policy, policy, List.of("default", "omit RequestReceived", "getPods")));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with {4}, policy omits {2}")
    @MethodSource("stages")
    void omitStagesJoinRuleAndPolicy(String request, Level level, Set<Stage> policyStages, Set<Stage> expected, List<String> rules) {
        RequestAuditConfig c = evaluate(request, policyStages, rules);
        assertEquals(level, c.level());
        assertEquals(expected, c.omitStages());
    }

    @Test
    void unionStages() {
        assertEquals(Set.of(), PolicyRuleEvaluator.unionStages(Set.of(), Set.of()));
        assertEquals(Set.of(REQUEST_RECEIVED), PolicyRuleEvaluator.unionStages(Set.of(REQUEST_RECEIVED), Set.of()));
        assertEquals(Set.of(REQUEST_RECEIVED), PolicyRuleEvaluator.unionStages(Set.of(REQUEST_RECEIVED), Set.of(REQUEST_RECEIVED)));
        assertEquals(Set.of(REQUEST_RECEIVED, RESPONSE_STARTED), PolicyRuleEvaluator.unionStages(Set.of(REQUEST_RECEIVED), Set.of(RESPONSE_STARTED)));
        assertEquals(EnumSet.of(REQUEST_RECEIVED, RESPONSE_STARTED, PANIC),
                PolicyRuleEvaluator.unionStages(Set.of(REQUEST_RECEIVED, RESPONSE_STARTED), Set.of(PANIC, REQUEST_RECEIVED)));
    }

    /** Upstream's {@code TestOmitManagedFields}: the rule's setting wins over the policy's. */
    @ParameterizedTest(name = "policy {0}, rule {1} -> {2}")
    @MethodSource("managedFields")
    void omitManagedFields(boolean policyDefault, Boolean ruleSetting, boolean expected) {
        PolicyRule rule = new PolicyRule(REQUEST_RESPONSE, List.of(), List.of(), List.of("get"), List.of(), List.of(), List.of(), Set.of(), ruleSetting);
        RequestAuditConfig c = new PolicyRuleEvaluator(new Policy(List.of(rule), Set.of(), policyDefault))
                .evaluate(Attributes.nonResource(TIM, "get", "/"));
        assertEquals(expected, c.omitManagedFields());
    }

    static Stream<Arguments> managedFields() {
        return Stream.of(Arguments.of(false, null, false), Arguments.of(true, null, true),
                Arguments.of(true, false, false), Arguments.of(false, true, true));
    }

    @Test
    void resourceNamesAndNamespacesRestrictTheMatch() {
        PolicyRule secrets = new PolicyRule(REQUEST, List.of(), List.of(), List.of(), List.of(gr("", List.of("secrets"), List.of("token"))),
                List.of("kube-system"), List.of(), Set.of(), null);
        Policy policy = new Policy(List.of(secrets, PolicyRule.of(METADATA)), Set.of(), false);
        PolicyRuleEvaluator e = new PolicyRuleEvaluator(policy);
        assertEquals(REQUEST, e.evaluate(Attributes.resource(TIM, "get", "kube-system", "", "v1", "secrets", "", "token")).level());
        assertEquals(METADATA, e.evaluate(Attributes.resource(TIM, "get", "kube-system", "", "v1", "secrets", "", "other")).level());
        assertEquals(METADATA, e.evaluate(Attributes.resource(TIM, "get", "default", "", "v1", "secrets", "", "token")).level());
        assertEquals(METADATA, e.evaluate(Attributes.resource(TIM, "get", "kube-system", "apps", "v1", "secrets", "", "token")).level());
        // A rule with namespaces never matches a non-resource request.
        assertEquals(METADATA, e.evaluate(Attributes.nonResource(TIM, "get", "/api")).level());
    }

    @Test
    void groupWithoutResourcesMatchesTheWholeGroup() {
        PolicyRule apps = new PolicyRule(REQUEST, List.of(), List.of(), List.of(), List.of(gr("apps", List.of(), List.of())),
                List.of(), List.of(), Set.of(), null);
        PolicyRuleEvaluator e = new PolicyRuleEvaluator(new Policy(List.of(apps), Set.of(), false));
        assertEquals(REQUEST, e.evaluate(Attributes.resource(TIM, "list", "a", "apps", "v1", "deployments", "", "")).level());
        assertEquals(NONE, e.evaluate(Attributes.resource(TIM, "list", "a", "", "v1", "pods", "", "")).level());
    }
}

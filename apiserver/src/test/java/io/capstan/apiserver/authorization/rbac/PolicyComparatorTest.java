package io.capstan.apiserver.authorization.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.capstan.apiserver.authorization.rbac.bootstrappolicy.PolicyRuleBuilder.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cases from upstream's {@code policy_comparator_test.go}. */
class PolicyComparatorTest {
    @Test
    void starCoversEverythingOfItsKind() {
        List<PolicyRule> owner = List.of(rule("*").groups("*").resources("*").build());
        assertTrue(PolicyComparator.uncovered(owner, List.of(rule("get", "delete").groups("", "apps").resources("pods", "deployments/scale").build())).isEmpty());
        assertEquals(1, PolicyComparator.uncovered(owner, List.of(rule("get").urls("/healthz").build())).size());
    }

    @Test
    void subresourceWildcardAndNames() {
        List<PolicyRule> owner = List.of(rule("get").groups("").resources("*/scale").build(),
                rule("update").groups("").resources("pods").names("a").build());
        assertTrue(PolicyComparator.uncovered(owner, List.of(rule("get").groups("").resources("deployments/scale").build())).isEmpty());
        assertTrue(PolicyComparator.uncovered(owner, List.of(rule("update").groups("").resources("pods").names("a").build())).isEmpty());
        assertEquals(1, PolicyComparator.uncovered(owner, List.of(rule("update").groups("").resources("pods").build())).size());
    }

    @Test
    void missingRulesAreDescribedAsUpstreamCompactString() {
        List<PolicyRule> missing = PolicyComparator.uncovered(List.of(),
                List.of(rule("get", "list").groups("").resources("secrets").build(), rule("get").urls("/metrics").build()));
        assertEquals("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}\n{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}",
                PolicyComparator.describe(missing));
    }
}

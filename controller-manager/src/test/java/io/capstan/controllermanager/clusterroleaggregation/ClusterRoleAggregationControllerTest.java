package io.capstan.controllermanager.clusterroleaggregation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.controller.Request;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.ThreadSafeIndexer;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.AggregationRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cases after upstream's {@code clusterroleaggregation_controller_test.go}. */
class ClusterRoleAggregationControllerTest {
    private final ThreadSafeIndexer<ClusterRole> roles = new ThreadSafeIndexer<>();
    private final List<ObjectNode> updates = new ArrayList<>();
    private final ResourceInterface client = (ResourceInterface) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ResourceInterface.class}, (proxy, method, args) -> {
                if (method.getName().equals("update")) {
                    updates.add((ObjectNode) args[0]);
                    return args[0];
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final ClusterRoleAggregationController controller = new ClusterRoleAggregationController(new Lister<>(roles), client);

    static PolicyRule rule(String verb, String resource) {
        return new PolicyRule(List.of(""), null, null, List.of(resource), List.of(verb));
    }

    static ClusterRole role(String name, Map<String, String> labels, PolicyRule... rules) {
        ClusterRole r = new ClusterRole();
        r.setMetadata(new ObjectMeta());
        r.getMetadata().setName(name);
        r.getMetadata().setLabels(labels);
        r.getMetadata().setResourceVersion("1");
        r.setRules(new ArrayList<>(List.of(rules)));
        return r;
    }

    static ClusterRole aggregated(String name, LabelSelector... selectors) {
        ClusterRole r = role(name, Map.of());
        AggregationRule a = new AggregationRule();
        a.setClusterRoleSelectors(List.of(selectors));
        r.setAggregationRule(a);
        return r;
    }

    static LabelSelector matchLabels(String key) {
        LabelSelector s = new LabelSelector();
        s.setMatchLabels(Map.of(key, "true"));
        return s;
    }

    @Test
    void unionOfSelectedRolesInNameOrderWithoutDuplicates() {
        roles.add(aggregated("target", matchLabels("agg")));
        roles.add(role("b", Map.of("agg", "true"), rule("get", "pods"), rule("list", "pods")));
        roles.add(role("a", Map.of("agg", "true"), rule("get", "secrets"), rule("get", "pods")));
        roles.add(role("c", Map.of("other", "true"), rule("delete", "nodes")));
        controller.reconcile(Request.of("target"));
        assertEquals(1, updates.size());
        ObjectNode u = updates.getFirst();
        assertEquals("ClusterRole", u.path("kind").asText());
        assertEquals("1", u.path("metadata").path("resourceVersion").asText());
        List<String> got = new ArrayList<>();
        u.path("rules").forEach(r -> got.add(r.path("verbs").get(0).asText() + " " + r.path("resources").get(0).asText()));
        assertEquals(List.of("get secrets", "get pods", "list pods"), got);
    }

    @Test
    void unchangedRulesAreNotWrittenAndPlainRolesAreIgnored() {
        ClusterRole target = aggregated("target", matchLabels("agg"));
        target.setRules(new ArrayList<>(List.of(rule("get", "pods"))));
        roles.add(target);
        roles.add(role("a", Map.of("agg", "true"), rule("get", "pods")));
        controller.reconcile(Request.of("target"));
        controller.reconcile(Request.of("a"));
        controller.reconcile(Request.of("missing"));
        assertTrue(updates.isEmpty());
    }

    @Test
    void matchExpressionsSelectToo() {
        LabelSelector s = new LabelSelector();
        s.setMatchExpressions(List.of(new LabelSelectorRequirement("tier", "In", List.of("gold"))));
        roles.add(aggregated("target", s));
        roles.add(role("gold", Map.of("tier", "gold"), rule("get", "pods")));
        roles.add(role("silver", Map.of("tier", "silver"), rule("get", "secrets")));
        controller.reconcile(Request.of("target"));
        assertEquals(1, updates.getFirst().path("rules").size());
        assertEquals("pods", updates.getFirst().path("rules").get(0).path("resources").get(0).asText());
    }
}

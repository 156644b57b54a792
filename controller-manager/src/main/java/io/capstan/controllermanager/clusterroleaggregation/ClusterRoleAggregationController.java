package io.capstan.controllermanager.clusterroleaggregation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;
import io.capstan.common.controller.Controller;
import io.capstan.common.controller.Reconciler;
import io.capstan.common.controller.Request;
import io.capstan.common.controller.Result;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Upstream's {@code ClusterRoleAggregationController}: a ClusterRole with an {@code aggregationRule} gets as rules
 * the union of the rules of every other ClusterRole its {@code clusterRoleSelectors} select (roles taken in name
 * order, rules in order, duplicates dropped), rewritten only when they differ. Any ClusterRole change re-queues
 * every aggregated role, as upstream's event handlers do.
 */
public final class ClusterRoleAggregationController implements Reconciler {
    private static final Logger LOG = Logger.getLogger(ClusterRoleAggregationController.class.getName());
    /** The controller's upstream name, for {@code --controllers} and workqueue metrics. */
    public static final String NAME = "clusterrole-aggregation";
    static final GroupVersionResource CLUSTER_ROLES = new GroupVersionResource("rbac.authorization.k8s.io", "v1", "clusterroles");

    private final Lister<ClusterRole> clusterRoles;
    private final ResourceInterface client;

    public ClusterRoleAggregationController(Lister<ClusterRole> clusterRoles, ResourceInterface client) {
        this.clusterRoles = clusterRoles;
        this.client = client;
    }

    /** The running controller over the shared ClusterRole informer. */
    public static Controller controller(SharedInformerFactory informers, RestClient client, MeterRegistry metrics) {
        SharedInformer<ClusterRole> informer = informers.informerFor(CLUSTER_ROLES, ClusterRole.class);
        Lister<ClusterRole> lister = informer.lister();
        return Controller.builder(NAME)
                .watches(informer, changed -> lister.list().stream()
                        .filter(r -> r.getAggregationRule() != null)
                        .map(r -> Request.of(r.getMetadata().getName())).toList())
                .meterRegistry(metrics)
                .build(new ClusterRoleAggregationController(lister, client.resource(CLUSTER_ROLES)));
    }

    @Override
    public Result reconcile(Request request) {
        Optional<ClusterRole> found = clusterRoles.get(request.name());
        if (found.isEmpty() || found.get().getAggregationRule() == null) {
            return Result.done();
        }
        ClusterRole shared = found.get();
        List<PolicyRule> rules = aggregatedRules(shared, clusterRoles.list());
        if (rules.equals(shared.getRules() == null ? List.of() : shared.getRules())) {
            return Result.done();
        }
        ObjectNode updated = Json.MAPPER.valueToTree(shared);
        updated.put("apiVersion", "rbac.authorization.k8s.io/v1");
        updated.put("kind", "ClusterRole");
        ArrayNode array = updated.putArray("rules");
        rules.forEach(r -> array.add(Json.MAPPER.<com.fasterxml.jackson.databind.JsonNode>valueToTree(r)));
        client.update(updated);
        LOG.info("aggregated " + rules.size() + " rules into clusterrole " + request.name());
        return Result.done();
    }

    /** The union of the rules of the roles {@code target}'s selectors select, as upstream computes it. */
    static List<PolicyRule> aggregatedRules(ClusterRole target, List<ClusterRole> all) {
        List<PolicyRule> out = new ArrayList<>();
        List<ClusterRole> sorted = all.stream().sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
        for (LabelSelector selector : target.getAggregationRule().getClusterRoleSelectors()) {
            for (ClusterRole role : sorted) {
                if (role.getMetadata().getName().equals(target.getMetadata().getName()) || !matches(selector, role.getMetadata().getLabels())) {
                    continue;
                }
                for (PolicyRule rule : role.getRules() == null ? List.<PolicyRule>of() : role.getRules()) {
                    if (!out.contains(rule)) {
                        out.add(rule);
                    }
                }
            }
        }
        return out;
    }

    /** {@code metav1.LabelSelectorAsSelector} semantics: matchLabels and In/NotIn/Exists/DoesNotExist expressions. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!Objects.equals(l.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = l.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> l.containsKey(r.getKey());
                    case "DoesNotExist" -> !l.containsKey(r.getKey());
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }
}

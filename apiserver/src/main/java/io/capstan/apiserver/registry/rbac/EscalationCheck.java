package io.capstan.apiserver.registry.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.authorization.PrivilegedGroupsAuthorizer;
import io.capstan.apiserver.authorization.rbac.PolicyComparator;
import io.capstan.apiserver.authorization.rbac.RBACAuthorizer;
import io.capstan.apiserver.endpoints.RequestInfo;
import io.capstan.apiserver.filters.AuthorizationFilter;
import io.capstan.apiserver.filters.CurrentRequest;
import io.capstan.apiserver.registry.FinishFunc;
import io.capstan.apiserver.registry.Meta;
import io.capstan.apiserver.registry.StoreHooks;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Upstream's RBAC privilege-escalation prevention ({@code pkg/registry/rbac/escalation_check.go} and the
 * {@code policybased} storages), run before a role or binding is written on behalf of a request:
 * <ul>
 * <li>a Role or ClusterRole may only grant what the writer holds (in the request's namespace), unless the writer is
 * in {@code system:masters} or may {@code escalate} the role; setting an {@code aggregationRule} needs
 * {@code *} on everything (as does changing a role that has one);</li>
 * <li>a RoleBinding or ClusterRoleBinding may only bind a role whose permissions the writer holds, unless the writer
 * is in {@code system:masters} or may {@code bind} that role (checked in the binding's namespace).</li>
 * </ul>
 * Refusals are upstream's 403s: {@code clusterroles.rbac.authorization.k8s.io "x" is forbidden: user "u"
 * (groups=["g"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], ...}}. Writes
 * the server makes itself (no current request: the bootstrap policy) are not checked, as upstream's loopback
 * client is in {@code system:masters}; updates that only touch garbage-collection fields are not either.
 */
public final class EscalationCheck implements StoreHooks {
    private static final Set<String> GC_FIELDS = Set.of("ownerReferences", "finalizers", "managedFields", "resourceVersion");
    private static final List<PolicyRule> FULL_AUTHORITY = List.of(
            new PolicyRule(List.of("*"), null, null, List.of("*"), List.of("*")),
            new PolicyRule(null, List.of("*"), null, null, List.of("*")));

    private final String resource;
    private final boolean binding;
    private final Authorizer authorizer;
    private final RBACAuthorizer ruleResolver;

    /**
     * @param resource     roles, clusterroles, rolebindings or clusterrolebindings
     * @param authorizer   the server's authorizer, asked about {@code escalate} and {@code bind}
     * @param ruleResolver what the writer holds
     */
    public EscalationCheck(String resource, Authorizer authorizer, RBACAuthorizer ruleResolver) {
        this.resource = resource;
        this.binding = resource.endsWith("bindings");
        this.authorizer = authorizer;
        this.ruleResolver = ruleResolver;
    }

    @Override
    public FinishFunc beginCreate(ObjectNode obj, boolean dryRun) {
        CurrentRequest.get().ifPresent(ctx -> check(ctx.user(), ctx.info(), obj, null));
        return FinishFunc.NOOP;
    }

    @Override
    public FinishFunc beginUpdate(ObjectNode obj, ObjectNode old, boolean dryRun) {
        if (!onlyMutatingGCFields(obj, old)) {
            CurrentRequest.get().ifPresent(ctx -> check(ctx.user(), ctx.info(), obj, old));
        }
        return FinishFunc.NOOP;
    }

    /** Refuses the write of {@code obj} (an update of {@code old}, or a create when null) by {@code user} with a 403. */
    void check(UserInfo user, RequestInfo info, ObjectNode obj, ObjectNode old) {
        if (user.groups().contains(PrivilegedGroupsAuthorizer.SYSTEM_MASTERS)) {
            return;
        }
        String namespace = obj.path("metadata").path("namespace").asText("");
        String name = Meta.name(obj);
        if (binding) {
            RoleRef ref = Json.MAPPER.convertValue(obj.path("roleRef"), RoleRef.class);
            String refResource = "ClusterRole".equals(ref.getKind()) ? "clusterroles" : "roles";
            if (authorizer.authorize(Attributes.resource(user, "bind", namespace, ref.getApiGroup(), "", refResource, "",
                    ref.getName())).allowed()) {
                return;
            }
            List<PolicyRule> rules = ruleResolver.roleRules(ref, namespace);
            if (rules == null) {
                // Upstream returns the lister's NotFound as is.
                throw Statuses.notFound("rbac.authorization.k8s.io", "ClusterRole".equals(ref.getKind()) ? "clusterrole" : "role", ref.getName());
            }
            confirmNoEscalation(user, namespace, name, rules);
            return;
        }
        if (info != null && info.resourceRequest() && authorizer.authorize(Attributes.resource(user, "escalate",
                info.namespace(), info.group(), "*", info.resource(), "", info.name())).allowed()) {
            return;
        }
        List<PolicyRule> rules = rules(obj);
        confirmNoEscalation(user, namespace, name, rules);
        // An aggregationRule can gather anything, so setting, keeping or dropping one needs * on *.* (upstream
        // checks the new and the old object).
        if (resource.equals("clusterroles") && (hasAggregationRule(obj) || (old != null && hasAggregationRule(old)))) {
            List<String> errors = new ArrayList<>();
            List<PolicyRule> held = ruleResolver.policyRulesFor(user, namespace, errors);
            if (!PolicyComparator.uncovered(held, FULL_AUTHORITY).isEmpty()) {
                throw AuthorizationFilter.forbidden("rbac.authorization.k8s.io", resource, name,
                        "must have cluster-admin privileges to use the aggregationRule");
            }
        }
    }

    private static boolean hasAggregationRule(ObjectNode role) {
        JsonNode a = role.get("aggregationRule");
        return a != null && !a.isNull();
    }

    private void confirmNoEscalation(UserInfo user, String namespace, String name, List<PolicyRule> rules) {
        List<String> errors = new ArrayList<>();
        List<PolicyRule> held = ruleResolver.policyRulesFor(user, namespace, errors);
        List<PolicyRule> missing = PolicyComparator.uncovered(held, rules);
        if (missing.isEmpty()) {
            return;
        }
        String msg = "user \"" + user.username() + "\" (groups=" + PolicyComparator.goQuoted(user.groups())
                + ") is attempting to grant RBAC permissions not currently held:\n" + PolicyComparator.describe(missing);
        if (!errors.isEmpty()) {
            msg += "; resolution errors: [" + String.join(" ", errors) + "]";
        }
        throw AuthorizationFilter.forbidden("rbac.authorization.k8s.io", resource, name, msg);
    }

    private static List<PolicyRule> rules(ObjectNode role) {
        List<PolicyRule> rules = new ArrayList<>();
        for (JsonNode r : role.path("rules")) {
            rules.add(Json.MAPPER.convertValue(r, PolicyRule.class));
        }
        return rules;
    }

    /** Upstream's {@code IsOnlyMutatingGCFields}: only ownerReferences and finalizers changed. */
    static boolean onlyMutatingGCFields(ObjectNode obj, ObjectNode old) {
        ObjectNode a = obj.deepCopy();
        ObjectNode b = old.deepCopy();
        for (ObjectNode o : List.of(a, b)) {
            if (o.get("metadata") instanceof ObjectNode m) {
                m.remove(GC_FIELDS);
            }
        }
        return a.equals(b);
    }
}

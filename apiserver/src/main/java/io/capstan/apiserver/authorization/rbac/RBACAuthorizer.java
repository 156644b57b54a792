package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.authorization.RuleResolver;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Upstream's {@code RBACAuthorizer} over its {@code DefaultRuleResolver}: ClusterRoleBindings apply in every
 * namespace, RoleBindings in theirs; a binding applies to a User by name, a Group by membership, a ServiceAccount
 * by {@code system:serviceaccount:<namespace>:<name>} (the namespace defaults to the binding's). It allows when
 * some rule of a bound role covers the request (reason {@code RBAC: allowed by ClusterRoleBinding "..." of
 * ClusterRole "..." to Group "..."}), else it has no opinion, with the errors met (a missing role) as reason.
 */
public final class RBACAuthorizer implements Authorizer, RuleResolver {
    private final PolicySource policy;

    public RBACAuthorizer(PolicySource policy) {
        this.policy = policy;
    }

    /** Receives each rule that applies, with where it comes from, or an error; returns false to stop. */
    @FunctionalInterface
    public interface RuleVisitor {
        boolean visit(Supplier<String> source, PolicyRule rule, String error);
    }

    @Override
    public AuthorizationDecision authorize(Attributes attributes) {
        String[] allowedBy = new String[1];
        List<String> errors = new ArrayList<>();
        visitRulesFor(attributes.user(), attributes.namespace(), (source, rule, error) -> {
            if (rule != null && RuleMatcher.allows(attributes, rule)) {
                allowedBy[0] = source.get();
                return false;
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        if (allowedBy[0] != null) {
            return AuthorizationDecision.allow("RBAC: allowed by " + allowedBy[0]);
        }
        return AuthorizationDecision.noOpinion(errors.isEmpty() ? "" : "RBAC: " + aggregate(errors));
    }

    @Override
    public Rules rulesFor(UserInfo user, String namespace) {
        List<PolicyRule> resourceRules = new ArrayList<>();
        List<PolicyRule> nonResourceRules = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        visitRulesFor(user, namespace, (source, rule, error) -> {
            if (rule != null) {
                if (!RuleMatcher.nullToEmpty(rule.getResources()).isEmpty()) {
                    resourceRules.add(rule);
                }
                if (!RuleMatcher.nullToEmpty(rule.getNonResourceURLs()).isEmpty()) {
                    nonResourceRules.add(rule);
                }
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return new Rules(resourceRules, nonResourceRules, false, errors.isEmpty() ? "" : aggregate(errors));
    }

    /** Every rule that applies to {@code user} in {@code namespace} (all of them, cluster-wide ones first), with errors. */
    public List<PolicyRule> policyRulesFor(UserInfo user, String namespace, List<String> errors) {
        List<PolicyRule> rules = new ArrayList<>();
        visitRulesFor(user, namespace, (source, rule, error) -> {
            if (rule != null) {
                rules.add(rule);
            }
            if (error != null) {
                errors.add(error);
            }
            return true;
        });
        return rules;
    }

    /** Upstream's {@code VisitRulesFor}: the rules of cluster-wide bindings, then those of {@code namespace}'s bindings. */
    public void visitRulesFor(UserInfo user, String namespace, RuleVisitor visitor) {
        for (ClusterRoleBinding binding : policy.clusterRoleBindingsFor(user)) {
            int subject = appliesTo(user, binding.getSubjects(), "");
            if (subject < 0) {
                continue;
            }
            List<PolicyRule> rules = referencedRules(binding.getRoleRef(), "");
            if (rules == null) {
                String error = missingRoleError(binding.getRoleRef());
                if (!visitor.visit(null, null, error)) {
                    return;
                }
                continue;
            }
            Subject s = binding.getSubjects().get(subject);
            Supplier<String> source = () -> "ClusterRoleBinding \"" + binding.getMetadata().getName() + "\" of "
                    + binding.getRoleRef().getKind() + " \"" + binding.getRoleRef().getName() + "\" to " + describe(s, "");
            for (PolicyRule rule : rules) {
                if (!visitor.visit(source, rule, null)) {
                    return;
                }
            }
        }
        if (namespace == null || namespace.isEmpty()) {
            return;
        }
        for (RoleBinding binding : policy.roleBindings(namespace)) {
            int subject = appliesTo(user, binding.getSubjects(), namespace);
            if (subject < 0) {
                continue;
            }
            List<PolicyRule> rules = referencedRules(binding.getRoleRef(), namespace);
            if (rules == null) {
                String error = missingRoleError(binding.getRoleRef());
                if (!visitor.visit(null, null, error)) {
                    return;
                }
                continue;
            }
            Subject s = binding.getSubjects().get(subject);
            // Upstream prints the binding as "name/namespace".
            Supplier<String> source = () -> "RoleBinding \"" + binding.getMetadata().getName() + "/" + namespace + "\" of "
                    + binding.getRoleRef().getKind() + " \"" + binding.getRoleRef().getName() + "\" to " + describe(s, namespace);
            for (PolicyRule rule : rules) {
                if (!visitor.visit(source, rule, null)) {
                    return;
                }
            }
        }
    }

    /** The rules of the role {@code ref} names (a Role in {@code namespace}), or null when it does not exist. */
    public List<PolicyRule> roleRules(RoleRef ref, String namespace) {
        return referencedRules(ref, namespace);
    }

    /** Upstream's {@code GetRoleReferenceRules}: the referenced role's rules (not copied), or null when it is missing. */
    private List<PolicyRule> referencedRules(RoleRef ref, String namespace) {
        switch (ref == null || ref.getKind() == null ? "" : ref.getKind()) {
            case "Role" -> {
                Role role = policy.role(namespace, ref.getName());
                return role == null ? null : RuleMatcher.nullToEmpty(role.getRules());
            }
            case "ClusterRole" -> {
                ClusterRole role = policy.clusterRole(ref.getName());
                return role == null ? null : RuleMatcher.nullToEmpty(role.getRules());
            }
            default -> {
                return null;
            }
        }
    }

    /** The error upstream's getters give for a role reference that does not resolve. */
    private static String missingRoleError(RoleRef ref) {
        String kind = ref == null || ref.getKind() == null ? "" : ref.getKind();
        return switch (kind) {
            case "Role" -> "role.rbac.authorization.k8s.io \"" + ref.getName() + "\" not found";
            case "ClusterRole" -> "clusterrole.rbac.authorization.k8s.io \"" + ref.getName() + "\" not found";
            default -> "unsupported role reference kind: \"" + kind + "\"";
        };
    }

    /** The index of the first subject that names {@code user}, or -1 (upstream's {@code appliesTo}). */
    static int appliesTo(UserInfo user, List<Subject> subjects, String namespace) {
        if (subjects == null) {
            return -1;
        }
        for (int i = 0; i < subjects.size(); i++) {
            if (appliesToUser(user, subjects.get(i), namespace)) {
                return i;
            }
        }
        return -1;
    }

    static boolean appliesToUser(UserInfo user, Subject subject, String namespace) {
        return switch (subject.getKind() == null ? "" : subject.getKind()) {
            case "User" -> user.username().equals(subject.getName());
            case "Group" -> user.groups().contains(subject.getName());
            case "ServiceAccount" -> {
                String ns = subject.getNamespace() == null || subject.getNamespace().isEmpty() ? namespace : subject.getNamespace();
                yield ns != null && !ns.isEmpty()
                        && user.username().equals("system:serviceaccount:" + ns + ":" + subject.getName());
            }
            default -> false;
        };
    }

    private static String describe(Subject s, String bindingNamespace) {
        if ("ServiceAccount".equals(s.getKind())) {
            String ns = s.getNamespace() == null || s.getNamespace().isEmpty() ? bindingNamespace : s.getNamespace();
            return s.getKind() + " \"" + s.getName() + "/" + ns + "\"";
        }
        return s.getKind() + " \"" + s.getName() + "\"";
    }

    /** Go's {@code utilerrors.NewAggregate(errs).Error()}: one message alone, several as {@code [a, b]}. */
    static String aggregate(List<String> errors) {
        List<String> distinct = errors.stream().distinct().toList();
        return distinct.size() == 1 ? distinct.getFirst() : "[" + String.join(", ", distinct) + "]";
    }
}

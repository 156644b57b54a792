package io.capstan.apiserver.authorization.rbac.bootstrappolicy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.rbac.AggregationRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.capstan.apiserver.authorization.rbac.bootstrappolicy.PolicyRuleBuilder.rule;

/**
 * Upstream's bootstrap RBAC policy ({@code plugin/pkg/auth/authorizer/rbac/bootstrappolicy}: {@code policy.go},
 * {@code controller_policy.go}, {@code namespace_policy.go}; the objects its {@code testdata/*.yaml} golden files
 * list), plus Capstan's bindings for its single controller-manager identity. Every object carries the label
 * {@code kubernetes.io/bootstrapping: rbac-defaults} and the annotation
 * {@code rbac.authorization.kubernetes.io/autoupdate: "true"}.
 *
 * <p>Controller roles: the {@code system:controller:*} roles of the controllers upstream's controller manager runs
 * by default (bound, as upstream, to their {@code kube-system} service accounts). Roles behind alpha/beta feature
 * gates are left out, as upstream leaves them out with the gates off.
 */
public final class BootstrapPolicy {
    public static final String AUTOUPDATE_ANNOTATION = "rbac.authorization.kubernetes.io/autoupdate";
    public static final String BOOTSTRAPPING_LABEL = "kubernetes.io/bootstrapping";
    public static final String AGGREGATE_TO_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
    public static final String AGGREGATE_TO_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
    public static final String AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";
    /** Capstan's controller manager authenticates as this one user. */
    public static final String CONTROLLER_MANAGER_USER = "system:kube-controller-manager";
    /** The controllers Capstan's controller manager runs, whose upstream roles its user is bound to. */
    public static final List<String> CAPSTAN_CONTROLLERS = List.of("namespace-controller", "generic-garbage-collector",
            "service-account-controller", "clusterrole-aggregation-controller", "root-ca-cert-publisher");

    private static final String LEGACY = "";
    private static final String APPS = "apps";
    private static final String AUTHENTICATION = "authentication.k8s.io";
    private static final String AUTHORIZATION = "authorization.k8s.io";
    private static final String AUTOSCALING = "autoscaling";
    private static final String BATCH = "batch";
    private static final String CERTIFICATES = "certificates.k8s.io";
    private static final String COORDINATION = "coordination.k8s.io";
    private static final String DISCOVERY = "discovery.k8s.io";
    private static final String EXTENSIONS = "extensions";
    private static final String POLICY = "policy";
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final String STORAGE = "storage.k8s.io";
    private static final String NETWORKING = "networking.k8s.io";
    private static final String EVENTS = "events.k8s.io";
    private static final String NODE = "node.k8s.io";
    private static final String ADMISSION_REGISTRATION = "admissionregistration.k8s.io";

    private static final String[] READ = {"get", "list", "watch"};
    private static final String[] READ_WRITE = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"};
    private static final String[] EDIT = {"create", "update", "patch", "delete", "deletecollection"};

    private BootstrapPolicy() {
    }

    /** Upstream's {@code ClusterRoles()}. */
    public static List<ClusterRole> clusterRoles() {
        List<ClusterRole> roles = new ArrayList<>();
        roles.add(clusterRole("cluster-admin", Map.of(),
                rule("*").groups("*").resources("*").build(),
                rule("*").urls("*").build()));
        roles.add(clusterRole("system:discovery", Map.of(),
                rule("get").urls("/healthz", "/livez", "/readyz", "/version", "/version/",
                        "/openapi", "/openapi/*", "/api", "/api/*", "/apis", "/apis/*").build()));
        roles.add(clusterRole("system:monitoring", Map.of(),
                rule("get").urls("/metrics", "/metrics/slis", "/livez", "/readyz", "/healthz",
                        "/livez/*", "/readyz/*", "/healthz/*").build()));
        roles.add(clusterRole("system:basic-user", Map.of(),
                rule("create").groups(AUTHORIZATION).resources("selfsubjectaccessreviews", "selfsubjectrulesreviews").build(),
                rule("create").groups(AUTHENTICATION).resources("selfsubjectreviews").build()));
        roles.add(clusterRole("system:public-info-viewer", Map.of(),
                rule("get").urls("/healthz", "/livez", "/readyz", "/version", "/version/").build()));
        roles.add(aggregated(clusterRole("admin", Map.of()), AGGREGATE_TO_ADMIN));
        roles.add(aggregated(clusterRole("edit", Map.of(AGGREGATE_TO_ADMIN, "true")), AGGREGATE_TO_EDIT));
        roles.add(aggregated(clusterRole("view", Map.of(AGGREGATE_TO_EDIT, "true")), AGGREGATE_TO_VIEW));
        roles.add(clusterRole("system:aggregate-to-admin", Map.of(AGGREGATE_TO_ADMIN, "true"),
                rule("create").groups(AUTHORIZATION).resources("localsubjectaccessreviews").build(),
                rule(READ_WRITE).groups(RBAC).resources("roles", "rolebindings").build()));
        roles.add(clusterRole("system:aggregate-to-edit", Map.of(AGGREGATE_TO_EDIT, "true"),
                rule(READ).groups(LEGACY).resources("pods/attach", "pods/proxy", "pods/exec", "pods/portforward",
                        "secrets", "services/proxy").build(),
                rule("impersonate").groups(LEGACY).resources("serviceaccounts").build(),
                rule(EDIT).groups(LEGACY).resources("pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward").build(),
                rule("create").groups(LEGACY).resources("pods/eviction").build(),
                rule(EDIT).groups(LEGACY).resources("replicationcontrollers", "replicationcontrollers/scale",
                        "serviceaccounts", "services", "services/proxy", "persistentvolumeclaims", "configmaps",
                        "secrets", "events").build(),
                rule("create").groups(LEGACY).resources("serviceaccounts/token").build(),
                rule(EDIT).groups(APPS).resources("statefulsets", "statefulsets/scale", "daemonsets", "deployments",
                        "deployments/scale", "deployments/rollback", "replicasets", "replicasets/scale").build(),
                rule(EDIT).groups(AUTOSCALING).resources("horizontalpodautoscalers").build(),
                rule(EDIT).groups(BATCH).resources("jobs", "cronjobs").build(),
                rule(EDIT).groups(EXTENSIONS).resources("daemonsets", "deployments", "deployments/scale",
                        "deployments/rollback", "ingresses", "replicasets", "replicasets/scale",
                        "replicationcontrollers/scale", "networkpolicies").build(),
                rule(EDIT).groups(POLICY).resources("poddisruptionbudgets").build(),
                rule(EDIT).groups(NETWORKING).resources("ingresses", "networkpolicies").build(),
                rule(READ_WRITE).groups(COORDINATION).resources("leases").build()));
        roles.add(clusterRole("system:aggregate-to-view", Map.of(AGGREGATE_TO_VIEW, "true"),
                rule(READ).groups(LEGACY).resources("pods", "replicationcontrollers", "replicationcontrollers/scale",
                        "serviceaccounts", "services", "services/status", "endpoints", "persistentvolumeclaims",
                        "persistentvolumeclaims/status", "configmaps").build(),
                rule(READ).groups(LEGACY).resources("limitranges", "resourcequotas", "bindings", "events", "pods/status",
                        "resourcequotas/status", "namespaces/status", "replicationcontrollers/status", "pods/log").build(),
                rule(READ).groups(LEGACY).resources("namespaces").build(),
                rule(READ).groups(DISCOVERY).resources("endpointslices").build(),
                rule(READ).groups(APPS).resources("controllerrevisions", "statefulsets", "statefulsets/status",
                        "statefulsets/scale", "daemonsets", "daemonsets/status", "deployments", "deployments/status",
                        "deployments/scale", "replicasets", "replicasets/status", "replicasets/scale").build(),
                rule(READ).groups(AUTOSCALING).resources("horizontalpodautoscalers", "horizontalpodautoscalers/status").build(),
                rule(READ).groups(BATCH).resources("jobs", "cronjobs", "cronjobs/status", "jobs/status").build(),
                rule(READ).groups(EXTENSIONS).resources("daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                        "deployments/status", "ingresses", "ingresses/status", "replicasets", "replicasets/scale",
                        "replicasets/status", "replicationcontrollers/scale", "networkpolicies").build(),
                rule(READ).groups(POLICY).resources("poddisruptionbudgets", "poddisruptionbudgets/status").build(),
                rule(READ).groups(NETWORKING).resources("ingresses", "ingresses/status", "networkpolicies").build()));
        roles.add(clusterRole("system:heapster", Map.of(),
                rule(READ).groups(LEGACY).resources("events", "pods", "nodes", "namespaces").build(),
                rule(READ).groups(EXTENSIONS).resources("deployments").build()));
        roles.add(clusterRole("system:node", Map.of(), nodeRules().toArray(PolicyRule[]::new)));
        roles.add(clusterRole("system:node-problem-detector", Map.of(),
                rule("get").groups(LEGACY).resources("nodes").build(),
                rule("patch").groups(LEGACY).resources("nodes/status").build(),
                eventsRule()));
        roles.add(clusterRole("system:kubelet-api-admin", Map.of(),
                rule(READ).groups(LEGACY).resources("nodes").build(),
                rule("proxy").groups(LEGACY).resources("nodes").build(),
                rule("*").groups(LEGACY).resources("nodes/proxy", "nodes/metrics", "nodes/stats", "nodes/log").build()));
        roles.add(clusterRole("system:node-bootstrapper", Map.of(),
                rule("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests").build()));
        roles.add(clusterRole("system:auth-delegator", Map.of(),
                rule("create").groups(AUTHENTICATION).resources("tokenreviews").build(),
                rule("create").groups(AUTHORIZATION).resources("subjectaccessreviews").build()));
        roles.add(clusterRole("system:kube-aggregator", Map.of(),
                rule(READ).groups(LEGACY).resources("services", "endpoints").build()));
        roles.add(clusterRole("system:kube-controller-manager", Map.of(),
                eventsRule(),
                rule("create").groups(COORDINATION).resources("leases").build(),
                rule("get", "update").groups(COORDINATION).resources("leases").names("kube-controller-manager").build(),
                rule("create").groups(LEGACY).resources("secrets", "serviceaccounts").build(),
                rule("delete").groups(LEGACY).resources("secrets").build(),
                rule("get").groups(LEGACY).resources("namespaces", "secrets", "serviceaccounts", "configmaps").build(),
                rule("update").groups(LEGACY).resources("secrets", "serviceaccounts").build(),
                rule("create").groups(AUTHENTICATION).resources("tokenreviews").build(),
                rule("create").groups(AUTHORIZATION).resources("subjectaccessreviews").build(),
                rule("list", "watch").groups("*").resources("*").build(),
                rule("create").groups(LEGACY).resources("serviceaccounts/token").build()));
        roles.add(clusterRole("system:kube-dns", Map.of(),
                rule("list", "watch").groups(LEGACY).resources("endpoints", "services").build()));
        roles.add(clusterRole("system:persistent-volume-provisioner", Map.of(),
                rule("get", "list", "watch", "create", "delete").groups(LEGACY).resources("persistentvolumes").build(),
                rule("get", "list", "watch", "update").groups(LEGACY).resources("persistentvolumeclaims").build(),
                rule(READ).groups(STORAGE).resources("storageclasses").build(),
                rule("watch").groups(LEGACY).resources("events").build(),
                eventsRule()));
        roles.add(clusterRole("system:certificates.k8s.io:certificatesigningrequests:nodeclient", Map.of(),
                rule("create").groups(CERTIFICATES).resources("certificatesigningrequests/nodeclient").build()));
        roles.add(clusterRole("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", Map.of(),
                rule("create").groups(CERTIFICATES).resources("certificatesigningrequests/selfnodeclient").build()));
        roles.add(clusterRole("system:volume-scheduler", Map.of(),
                rule("get", "list", "watch", "patch", "update").groups(LEGACY).resources("persistentvolumes").build(),
                rule(READ).groups(STORAGE).resources("storageclasses").build(),
                rule("get", "list", "watch", "patch", "update").groups(LEGACY).resources("persistentvolumeclaims").build()));
        roles.add(clusterRole("system:certificates.k8s.io:legacy-unknown-approver", Map.of(),
                rule("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/legacy-unknown").build()));
        roles.add(clusterRole("system:certificates.k8s.io:kubelet-serving-approver", Map.of(),
                rule("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/kubelet-serving").build()));
        roles.add(clusterRole("system:certificates.k8s.io:kube-apiserver-client-approver", Map.of(),
                rule("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/kube-apiserver-client").build()));
        roles.add(clusterRole("system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", Map.of(),
                rule("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/kube-apiserver-client-kubelet").build()));
        roles.add(clusterRole("system:service-account-issuer-discovery", Map.of(),
                rule("get").urls("/.well-known/openid-configuration", "/openid/v1/jwks").build()));
        roles.add(clusterRole("system:node-proxier", Map.of(),
                rule("list", "watch").groups(LEGACY).resources("services", "endpoints").build(),
                rule(READ).groups(LEGACY).resources("nodes").build(),
                eventsRule(),
                rule("list", "watch").groups(DISCOVERY).resources("endpointslices").build()));
        roles.add(clusterRole("system:kube-scheduler", Map.of(),
                eventsRule(),
                rule("create").groups(COORDINATION).resources("leases").build(),
                rule("get", "update").groups(COORDINATION).resources("leases").names("kube-scheduler").build(),
                rule(READ).groups(LEGACY).resources("nodes").build(),
                rule("get", "list", "watch", "delete").groups(LEGACY).resources("pods").build(),
                rule("create").groups(LEGACY).resources("pods/binding", "bindings").build(),
                rule("patch", "update").groups(LEGACY).resources("pods/status").build(),
                rule(READ).groups(LEGACY).resources("replicationcontrollers", "services").build(),
                rule(READ).groups(APPS, EXTENSIONS).resources("replicasets").build(),
                rule(READ).groups(APPS).resources("statefulsets").build(),
                rule(READ).groups(POLICY).resources("poddisruptionbudgets").build(),
                rule(READ).groups(LEGACY).resources("persistentvolumeclaims", "persistentvolumes").build(),
                rule("create").groups(AUTHENTICATION).resources("tokenreviews").build(),
                rule("create").groups(AUTHORIZATION).resources("subjectaccessreviews").build(),
                rule(READ).groups(STORAGE).resources("csinodes").build(),
                rule(READ).groups(LEGACY).resources("namespaces").build(),
                rule(READ).groups(STORAGE).resources("csidrivers").build(),
                rule(READ).groups(STORAGE).resources("csistoragecapacities").build()));
        return roles;
    }

    private static List<PolicyRule> nodeRules() {
        return List.of(
                rule("create").groups(AUTHENTICATION).resources("tokenreviews").build(),
                rule("create").groups(AUTHORIZATION).resources("subjectaccessreviews", "localsubjectaccessreviews").build(),
                rule(READ).groups(LEGACY).resources("services").build(),
                rule("create", "get", "list", "watch").groups(LEGACY).resources("nodes").build(),
                rule("update", "patch").groups(LEGACY).resources("nodes/status").build(),
                rule("update", "patch").groups(LEGACY).resources("nodes").build(),
                rule("create", "update", "patch").groups(LEGACY).resources("events").build(),
                rule(READ).groups(LEGACY).resources("pods").build(),
                rule("create", "delete").groups(LEGACY).resources("pods").build(),
                rule("update", "patch").groups(LEGACY).resources("pods/status").build(),
                rule("create").groups(LEGACY).resources("pods/eviction").build(),
                rule(READ).groups(LEGACY).resources("secrets", "configmaps").build(),
                rule("get").groups(LEGACY).resources("persistentvolumeclaims", "persistentvolumes").build(),
                rule("get").groups(LEGACY).resources("endpoints").build(),
                rule("create", "get", "list", "watch").groups(CERTIFICATES).resources("certificatesigningrequests").build(),
                rule("get", "create", "update", "patch", "delete").groups(COORDINATION).resources("leases").build(),
                rule("get").groups(STORAGE).resources("volumeattachments").build(),
                rule("create").groups(LEGACY).resources("serviceaccounts/token").build(),
                rule("get", "update", "patch").groups(LEGACY).resources("persistentvolumeclaims/status").build(),
                rule(READ).groups(STORAGE).resources("csidrivers").build(),
                rule("get", "create", "update", "patch", "delete").groups(STORAGE).resources("csinodes").build(),
                rule(READ).groups(NODE).resources("runtimeclasses").build());
    }

    /** Upstream's {@code ClusterRoleBindings()}, with the controller roles' bindings and Capstan's. */
    public static List<ClusterRoleBinding> clusterRoleBindings() {
        List<ClusterRoleBinding> b = new ArrayList<>();
        b.add(clusterRoleBinding("cluster-admin", "cluster-admin", group("system:masters")));
        b.add(clusterRoleBinding("system:monitoring", "system:monitoring", group("system:monitoring")));
        b.add(clusterRoleBinding("system:discovery", "system:discovery", group("system:authenticated")));
        b.add(clusterRoleBinding("system:basic-user", "system:basic-user", group("system:authenticated")));
        b.add(clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer",
                group("system:authenticated"), group("system:unauthenticated")));
        b.add(clusterRoleBinding("system:node-proxier", "system:node-proxier", user("system:kube-proxy")));
        b.add(clusterRoleBinding("system:kube-controller-manager", "system:kube-controller-manager", user(CONTROLLER_MANAGER_USER)));
        b.add(clusterRoleBinding("system:kube-dns", "system:kube-dns", serviceAccount("kube-system", "kube-dns")));
        b.add(clusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", user("system:kube-scheduler")));
        b.add(clusterRoleBinding("system:volume-scheduler", "system:volume-scheduler", user("system:kube-scheduler")));
        // Upstream binds system:node to nobody (the Node authorizer covers kubelets).
        b.add(clusterRoleBinding("system:node", "system:node"));
        b.add(clusterRoleBinding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery",
                group("system:serviceaccounts")));
        for (ClusterRole role : controllerRoles()) {
            String name = role.getMetadata().getName();
            b.add(clusterRoleBinding(name, name, serviceAccount("kube-system", name.substring("system:controller:".length()))));
        }
        b.addAll(capstanControllerManagerBindings());
        return b;
    }

    /**
     * Capstan's controller manager runs every controller as one user, {@code system:kube-controller-manager}
     * (upstream's {@code --use-service-account-credentials=false}); this binds that user to the
     * {@code system:controller:<controller>} role of each controller Capstan runs, as
     * {@code system:capstan:controller-manager:<controller>}. The legacy tokens controller is covered by
     * {@code system:kube-controller-manager}, as upstream.
     */
    public static List<ClusterRoleBinding> capstanControllerManagerBindings() {
        List<ClusterRoleBinding> b = new ArrayList<>();
        for (String controller : CAPSTAN_CONTROLLERS) {
            b.add(clusterRoleBinding("system:capstan:controller-manager:" + controller, "system:controller:" + controller,
                    user(CONTROLLER_MANAGER_USER)));
        }
        return b;
    }

    /** Upstream's controller roles ({@code controller_policy.go}) of the controllers enabled by default. */
    public static List<ClusterRole> controllerRoles() {
        List<ClusterRole> r = new ArrayList<>();
        r.add(controllerRole("attachdetach-controller",
                rule("list", "watch").groups(LEGACY).resources("persistentvolumes", "persistentvolumeclaims").build(),
                rule(READ).groups(LEGACY).resources("nodes").build(),
                rule("patch", "update").groups(LEGACY).resources("nodes/status").build(),
                rule("list", "watch").groups(LEGACY).resources("pods").build(),
                eventsRule(),
                rule("get", "create", "delete", "list", "watch").groups(STORAGE).resources("volumeattachments").build(),
                rule(READ).groups(STORAGE).resources("csidrivers").build(),
                rule(READ).groups(STORAGE).resources("csinodes").build()));
        r.add(controllerRole("clusterrole-aggregation-controller",
                rule("escalate", "get", "list", "watch", "update", "patch").groups(RBAC).resources("clusterroles").build()));
        r.add(controllerRole("cronjob-controller",
                rule("get", "list", "watch", "update").groups(BATCH).resources("cronjobs").build(),
                rule("get", "list", "watch", "create", "update", "delete", "patch").groups(BATCH).resources("jobs").build(),
                rule("update").groups(BATCH).resources("cronjobs/status").build(),
                rule("update").groups(BATCH).resources("cronjobs/finalizers").build(),
                rule("list", "watch", "delete").groups(LEGACY).resources("pods").build(),
                eventsRule()));
        r.add(controllerRole("daemon-set-controller",
                rule(READ).groups(EXTENSIONS, APPS).resources("daemonsets").build(),
                rule("update").groups(EXTENSIONS, APPS).resources("daemonsets/status").build(),
                rule("update").groups(EXTENSIONS, APPS).resources("daemonsets/finalizers").build(),
                rule("list", "watch").groups(LEGACY).resources("nodes").build(),
                rule("list", "watch", "create", "delete", "patch").groups(LEGACY).resources("pods").build(),
                rule("create").groups(LEGACY).resources("pods/binding").build(),
                rule("get", "list", "watch", "create", "delete", "update", "patch").groups(APPS).resources("controllerrevisions").build(),
                eventsRule()));
        r.add(controllerRole("deployment-controller",
                rule("get", "list", "watch", "update").groups(EXTENSIONS, APPS).resources("deployments").build(),
                rule("update").groups(EXTENSIONS, APPS).resources("deployments/status").build(),
                rule("update").groups(EXTENSIONS, APPS).resources("deployments/finalizers").build(),
                rule("get", "list", "watch", "create", "update", "patch", "delete").groups(APPS, EXTENSIONS).resources("replicasets").build(),
                rule("get", "list", "watch", "update").groups(LEGACY).resources("pods").build(),
                eventsRule()));
        r.add(controllerRole("disruption-controller",
                rule(READ).groups(EXTENSIONS, APPS).resources("deployments").build(),
                rule(READ).groups(APPS, EXTENSIONS).resources("replicasets").build(),
                rule(READ).groups(LEGACY).resources("replicationcontrollers").build(),
                rule(READ).groups(POLICY).resources("poddisruptionbudgets").build(),
                rule(READ).groups(APPS).resources("statefulsets").build(),
                rule("update").groups(POLICY).resources("poddisruptionbudgets/status").build(),
                rule("patch", "update").groups(LEGACY).resources("pods/status").build(),
                rule("get").groups("*").resources("*/scale").build(),
                eventsRule()));
        r.add(controllerRole("endpoint-controller",
                rule(READ).groups(LEGACY).resources("services", "pods").build(),
                rule("get", "list", "watch", "create", "update", "delete").groups(LEGACY).resources("endpoints").build(),
                rule("create").groups(LEGACY).resources("endpoints/restricted").build(),
                eventsRule()));
        r.add(controllerRole("endpointslice-controller",
                rule(READ).groups(LEGACY).resources("services", "pods", "nodes").build(),
                rule("update").groups(LEGACY).resources("services/finalizers").build(),
                rule("get", "list", "watch", "create", "update", "delete").groups(DISCOVERY).resources("endpointslices").build(),
                eventsRule()));
        r.add(controllerRole("endpointslicemirroring-controller",
                rule(READ).groups(LEGACY).resources("services", "endpoints").build(),
                rule("update").groups(LEGACY).resources("services/finalizers").build(),
                rule("update").groups(LEGACY).resources("endpoints/finalizers").build(),
                rule("get", "list", "watch", "create", "update", "delete").groups(DISCOVERY).resources("endpointslices").build(),
                eventsRule()));
        r.add(controllerRole("expand-controller",
                rule("get", "list", "watch", "update", "patch").groups(LEGACY).resources("persistentvolumes").build(),
                rule("update", "patch").groups(LEGACY).resources("persistentvolumeclaims/status").build(),
                rule(READ).groups(LEGACY).resources("persistentvolumeclaims").build(),
                eventsRule(),
                rule("get").groups(LEGACY).resources("services").build()));
        r.add(controllerRole("ephemeral-volume-controller",
                rule(READ).groups(LEGACY).resources("pods").build(),
                rule("update").groups(LEGACY).resources("pods/finalizers").build(),
                rule("get", "list", "watch", "create").groups(LEGACY).resources("persistentvolumeclaims").build(),
                eventsRule()));
        r.add(controllerRole("generic-garbage-collector",
                rule("get", "list", "watch", "patch", "update", "delete").groups("*").resources("*").build(),
                eventsRule()));
        r.add(controllerRole("horizontal-pod-autoscaler",
                rule(READ).groups(AUTOSCALING).resources("horizontalpodautoscalers").build(),
                rule("update").groups(AUTOSCALING).resources("horizontalpodautoscalers/status").build(),
                rule("get", "update").groups("*").resources("*/scale").build(),
                rule("list", "watch").groups(LEGACY).resources("pods").build(),
                rule("list", "watch").groups("metrics.k8s.io").resources("pods").build(),
                rule(READ).groups("custom.metrics.k8s.io").resources("*").build(),
                rule(READ).groups("external.metrics.k8s.io").resources("*").build(),
                eventsRule()));
        r.add(controllerRole("job-controller",
                rule("get", "list", "watch", "update", "patch").groups(BATCH).resources("jobs").build(),
                rule("update").groups(BATCH).resources("jobs/status").build(),
                rule("update").groups(BATCH).resources("jobs/finalizers").build(),
                rule("list", "watch", "create", "delete", "patch").groups(LEGACY).resources("pods").build(),
                eventsRule()));
        r.add(controllerRole("namespace-controller",
                rule("get", "list", "watch", "delete").groups(LEGACY).resources("namespaces").build(),
                rule("update").groups(LEGACY).resources("namespaces/finalize", "namespaces/status").build(),
                rule("get", "list", "watch", "delete", "deletecollection").groups("*").resources("*").build()));
        r.add(controllerRole("node-controller",
                rule("get", "list", "watch", "update", "delete", "patch").groups(LEGACY).resources("nodes").build(),
                rule("patch", "update").groups(LEGACY).resources("nodes/status").build(),
                rule("patch", "update").groups(LEGACY).resources("pods/status").build(),
                rule("list", "watch", "get", "delete").groups(LEGACY).resources("pods").build(),
                eventsRule()));
        r.add(controllerRole("persistent-volume-binder",
                rule("get", "list", "watch", "update", "create", "delete").groups(LEGACY).resources("persistentvolumes").build(),
                rule("update").groups(LEGACY).resources("persistentvolumes/status").build(),
                rule("get", "list", "watch", "update").groups(LEGACY).resources("persistentvolumeclaims").build(),
                rule("update").groups(LEGACY).resources("persistentvolumeclaims/status").build(),
                rule("list", "watch", "get", "create", "delete").groups(LEGACY).resources("pods").build(),
                rule(READ).groups(STORAGE).resources("storageclasses").build(),
                rule("list", "watch").groups(LEGACY).resources("nodes").build(),
                eventsRule(),
                rule("watch").groups(LEGACY).resources("events").build(),
                rule("get").groups(LEGACY).resources("services").build()));
        r.add(controllerRole("pod-garbage-collector",
                rule("list", "watch", "delete").groups(LEGACY).resources("pods").build(),
                rule(READ).groups(LEGACY).resources("nodes").build(),
                rule("patch").groups(LEGACY).resources("pods/status").build()));
        r.add(controllerRole("replicaset-controller",
                rule("get", "list", "watch", "update").groups(APPS, EXTENSIONS).resources("replicasets").build(),
                rule("update").groups(APPS, EXTENSIONS).resources("replicasets/status").build(),
                rule("update").groups(APPS, EXTENSIONS).resources("replicasets/finalizers").build(),
                rule("list", "watch", "patch", "create", "delete").groups(LEGACY).resources("pods").build(),
                eventsRule()));
        r.add(controllerRole("replication-controller",
                rule("get", "list", "watch", "update").groups(LEGACY).resources("replicationcontrollers").build(),
                rule("update").groups(LEGACY).resources("replicationcontrollers/status").build(),
                rule("update").groups(LEGACY).resources("replicationcontrollers/finalizers").build(),
                rule("list", "watch", "patch", "create", "delete").groups(LEGACY).resources("pods").build(),
                eventsRule()));
        r.add(controllerRole("resourcequota-controller",
                rule("list", "watch").groups("*").resources("*").build(),
                rule("update").groups(LEGACY).resources("resourcequotas/status").build(),
                eventsRule()));
        r.add(controllerRole("route-controller",
                rule("list", "watch").groups(LEGACY).resources("nodes").build(),
                rule("patch").groups(LEGACY).resources("nodes/status").build(),
                eventsRule()));
        r.add(controllerRole("service-account-controller",
                rule("create").groups(LEGACY).resources("serviceaccounts").build(),
                eventsRule()));
        r.add(controllerRole("service-controller",
                rule(READ).groups(LEGACY).resources("services").build(),
                rule("patch", "update").groups(LEGACY).resources("services/status").build(),
                rule("list", "watch").groups(LEGACY).resources("nodes").build(),
                eventsRule()));
        r.add(controllerRole("statefulset-controller",
                rule("list", "watch").groups(LEGACY).resources("pods").build(),
                rule(READ).groups(APPS).resources("statefulsets").build(),
                rule("update").groups(APPS).resources("statefulsets/status").build(),
                rule("update").groups(APPS).resources("statefulsets/finalizers").build(),
                rule("get", "create", "delete", "update", "patch").groups(LEGACY).resources("pods").build(),
                rule("get", "create", "delete", "update", "patch", "list", "watch").groups(APPS).resources("controllerrevisions").build(),
                rule("get", "create", "list", "watch").groups(LEGACY).resources("persistentvolumeclaims").build(),
                rule("update", "delete").groups(LEGACY).resources("persistentvolumeclaims").build(),
                rule("update").groups(LEGACY).resources("pods/finalizers").build(),
                eventsRule()));
        r.add(controllerRole("ttl-controller",
                rule("update", "patch", "list", "watch").groups(LEGACY).resources("nodes").build(),
                eventsRule()));
        r.add(controllerRole("certificate-controller",
                rule("get", "list", "watch", "delete").groups(CERTIFICATES).resources("certificatesigningrequests").build(),
                rule("update").groups(CERTIFICATES).resources("certificatesigningrequests/status", "certificatesigningrequests/approval").build(),
                rule("approve").groups(CERTIFICATES).resources("signers").names("kubernetes.io/kube-apiserver-client-kubelet").build(),
                rule("sign").groups(CERTIFICATES).resources("signers").names("kubernetes.io/legacy-unknown",
                        "kubernetes.io/kube-apiserver-client", "kubernetes.io/kube-apiserver-client-kubelet",
                        "kubernetes.io/kubelet-serving").build(),
                rule("create").groups(AUTHORIZATION).resources("subjectaccessreviews").build(),
                eventsRule()));
        r.add(controllerRole("pvc-protection-controller",
                rule("get", "list", "watch", "update").groups(LEGACY).resources("persistentvolumeclaims").build(),
                rule("list", "watch", "get").groups(LEGACY).resources("pods").build(),
                eventsRule()));
        r.add(controllerRole("pv-protection-controller",
                rule("get", "list", "watch", "update").groups(LEGACY).resources("persistentvolumes").build(),
                eventsRule()));
        r.add(controllerRole("ttl-after-finished-controller",
                rule("get", "list", "watch", "delete").groups(BATCH).resources("jobs").build(),
                eventsRule()));
        r.add(controllerRole("root-ca-cert-publisher",
                rule("create", "update").groups(LEGACY).resources("configmaps").build(),
                eventsRule()));
        r.add(controllerRole("validatingadmissionpolicy-status-controller",
                rule(READ).groups(ADMISSION_REGISTRATION).resources("validatingadmissionpolicies").build(),
                rule("get", "patch", "update").groups(ADMISSION_REGISTRATION).resources("validatingadmissionpolicies/status").build(),
                eventsRule()));
        r.add(controllerRole("legacy-service-account-token-cleaner",
                rule("get").groups(LEGACY).resources("configmaps").names("kube-apiserver-legacy-service-account-token-tracking").build(),
                rule("patch", "delete").groups(LEGACY).resources("secrets").build()));
        return r;
    }

    /** Upstream's {@code NamespaceRoles()}: namespace → roles. */
    public static Map<String, List<Role>> namespaceRoles() {
        Map<String, List<Role>> m = new LinkedHashMap<>();
        m.put("kube-system", List.of(
                role("kube-system", "extension-apiserver-authentication-reader",
                        rule(READ).groups(LEGACY).resources("configmaps").names("extension-apiserver-authentication").build()),
                role("kube-system", "system::leader-locking-kube-controller-manager",
                        rule("create", "get", "list", "update", "watch").groups(COORDINATION).resources("leases").build(),
                        rule("create", "get", "list", "update", "watch").groups(COORDINATION).resources("leasecandidates").build()),
                role("kube-system", "system::leader-locking-kube-scheduler",
                        rule("create", "get", "list", "update", "watch").groups(COORDINATION).resources("leases").build(),
                        rule("create", "get", "list", "update", "watch").groups(COORDINATION).resources("leasecandidates").build()),
                role("kube-system", "system:controller:bootstrap-signer",
                        rule(READ).groups(LEGACY).resources("secrets").build()),
                role("kube-system", "system:controller:cloud-provider",
                        rule("create", "get", "list", "watch").groups(LEGACY).resources("configmaps").build()),
                role("kube-system", "system:controller:token-cleaner",
                        rule("delete", "get", "list", "watch").groups(LEGACY).resources("secrets").build(),
                        eventsRule())));
        m.put("kube-public", List.of(
                role("kube-public", "system:controller:bootstrap-signer",
                        rule(READ).groups(LEGACY).resources("configmaps").build(),
                        rule("update").groups(LEGACY).resources("configmaps").names("cluster-info").build(),
                        eventsRule())));
        return m;
    }

    /** Upstream's {@code NamespaceRoleBindings()}: namespace → role bindings. */
    public static Map<String, List<RoleBinding>> namespaceRoleBindings() {
        Map<String, List<RoleBinding>> m = new LinkedHashMap<>();
        m.put("kube-system", List.of(
                roleBinding("kube-system", "system::extension-apiserver-authentication-reader",
                        "extension-apiserver-authentication-reader", user("system:kube-controller-manager"), user("system:kube-scheduler")),
                roleBinding("kube-system", "system::leader-locking-kube-controller-manager",
                        "system::leader-locking-kube-controller-manager", user("system:kube-controller-manager"),
                        serviceAccount("kube-system", "kube-controller-manager")),
                roleBinding("kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler",
                        user("system:kube-scheduler"), serviceAccount("kube-system", "kube-scheduler")),
                roleBinding("kube-system", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer",
                        serviceAccount("kube-system", "bootstrap-signer")),
                roleBinding("kube-system", "system:controller:cloud-provider", "system:controller:cloud-provider",
                        serviceAccount("kube-system", "cloud-provider")),
                roleBinding("kube-system", "system:controller:token-cleaner", "system:controller:token-cleaner",
                        serviceAccount("kube-system", "token-cleaner"))));
        m.put("kube-public", List.of(
                roleBinding("kube-public", "system:controller:bootstrap-signer", "system:controller:bootstrap-signer",
                        serviceAccount("kube-system", "bootstrap-signer"))));
        return m;
    }

    /** Every bootstrap ClusterRole: upstream's cluster roles and controller roles. */
    public static List<ClusterRole> allClusterRoles() {
        List<ClusterRole> all = new ArrayList<>(clusterRoles());
        all.addAll(controllerRoles());
        return all;
    }

    // ---- builders ----------------------------------------------------------------------------

    private static PolicyRule eventsRule() {
        return rule("create", "update", "patch").groups(LEGACY, EVENTS).resources("events").build();
    }

    private static ObjectMeta meta(String namespace, String name, Map<String, String> extraLabels) {
        ObjectMeta m = new ObjectMeta();
        m.setName(name);
        m.setNamespace(namespace);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(BOOTSTRAPPING_LABEL, "rbac-defaults");
        labels.putAll(extraLabels);
        m.setLabels(labels);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(AUTOUPDATE_ANNOTATION, "true");
        m.setAnnotations(annotations);
        return m;
    }

    private static ClusterRole clusterRole(String name, Map<String, String> labels, PolicyRule... rules) {
        ClusterRole r = new ClusterRole();
        r.setApiVersion("rbac.authorization.k8s.io/v1");
        r.setKind("ClusterRole");
        r.setMetadata(meta(null, name, labels));
        r.setRules(new ArrayList<>(List.of(rules)));
        return r;
    }

    private static ClusterRole controllerRole(String controller, PolicyRule... rules) {
        return clusterRole("system:controller:" + controller, Map.of(), rules);
    }

    private static ClusterRole aggregated(ClusterRole role, String label) {
        LabelSelector selector = new LabelSelector();
        selector.setMatchLabels(Map.of(label, "true"));
        AggregationRule rule = new AggregationRule();
        rule.setClusterRoleSelectors(List.of(selector));
        role.setAggregationRule(rule);
        return role;
    }

    private static Role role(String namespace, String name, PolicyRule... rules) {
        Role r = new Role();
        r.setApiVersion("rbac.authorization.k8s.io/v1");
        r.setKind("Role");
        r.setMetadata(meta(namespace, name, Map.of()));
        r.setRules(new ArrayList<>(List.of(rules)));
        return r;
    }

    private static ClusterRoleBinding clusterRoleBinding(String name, String clusterRole, Subject... subjects) {
        ClusterRoleBinding b = new ClusterRoleBinding();
        b.setApiVersion("rbac.authorization.k8s.io/v1");
        b.setKind("ClusterRoleBinding");
        b.setMetadata(meta(null, name, Map.of()));
        b.setRoleRef(new RoleRef(RBAC, "ClusterRole", clusterRole));
        b.setSubjects(new ArrayList<>(List.of(subjects)));
        return b;
    }

    private static RoleBinding roleBinding(String namespace, String name, String role, Subject... subjects) {
        RoleBinding b = new RoleBinding();
        b.setApiVersion("rbac.authorization.k8s.io/v1");
        b.setKind("RoleBinding");
        b.setMetadata(meta(namespace, name, Map.of()));
        b.setRoleRef(new RoleRef(RBAC, "Role", role));
        b.setSubjects(new ArrayList<>(List.of(subjects)));
        return b;
    }

    private static Subject user(String name) {
        return new Subject(RBAC, "User", name, null);
    }

    private static Subject group(String name) {
        return new Subject(RBAC, "Group", name, null);
    }

    private static Subject serviceAccount(String namespace, String name) {
        return new Subject(null, "ServiceAccount", name, namespace);
    }
}

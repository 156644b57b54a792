package io.capstan.apiserver.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authorization.rbac.PolicyComparator;
import io.capstan.apiserver.authorization.rbac.bootstrappolicy.BootstrapPolicy;
import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Upstream's {@code rbac/bootstrap-roles} post-start hook ({@code pkg/registry/rbac/rest/storage_rbac.go} with
 * {@code pkg/registry/rbac/reconciliation}): creates every object of the {@link BootstrapPolicy} that is missing and
 * reconciles the existing ones unless they carry {@code rbac.authorization.kubernetes.io/autoupdate: "false"}:
 * missing labels, annotations, rules (those the stored role does not cover), aggregation selectors and binding
 * subjects are added, nothing is removed; a binding whose roleRef differs is deleted and created again. Retries
 * until it succeeds; {@link #done()} is the readiness check {@code poststarthook/rbac/bootstrap-roles}.
 */
public final class BootstrapRoles implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(BootstrapRoles.class.getName());
    private static final String GROUP = "rbac.authorization.k8s.io";

    private final ResourceRegistry registry;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile boolean closed;
    private Thread thread;

    public BootstrapRoles(ResourceRegistry registry) {
        this.registry = registry;
    }

    /** Reconciles in the background, retrying every second until it succeeds. */
    public void start() {
        thread = Thread.ofVirtual().name("rbac-bootstrap-roles").start(() -> {
            while (!closed) {
                try {
                    ensure();
                    done.set(true);
                    LOG.info("RBAC bootstrap policy reconciled");
                    return;
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.log(Level.WARNING, "cannot reconcile the RBAC bootstrap policy yet; retrying", e);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** True once the bootstrap policy was reconciled. */
    public boolean done() {
        return done.get();
    }

    /** Reconciles every bootstrap object once. */
    public void ensure() {
        GenericStore clusterRoles = store("clusterroles");
        GenericStore clusterRoleBindings = store("clusterrolebindings");
        GenericStore roles = store("roles");
        GenericStore roleBindings = store("rolebindings");
        for (var role : BootstrapPolicy.allClusterRoles()) {
            reconcileRole(clusterRoles, null, Json.MAPPER.valueToTree(role));
        }
        for (var binding : BootstrapPolicy.clusterRoleBindings()) {
            reconcileBinding(clusterRoleBindings, null, Json.MAPPER.valueToTree(binding));
        }
        for (Map.Entry<String, List<io.fabric8.kubernetes.api.model.rbac.Role>> e : BootstrapPolicy.namespaceRoles().entrySet()) {
            ensureNamespace(e.getKey());
            for (var role : e.getValue()) {
                reconcileRole(roles, e.getKey(), Json.MAPPER.valueToTree(role));
            }
        }
        for (Map.Entry<String, List<io.fabric8.kubernetes.api.model.rbac.RoleBinding>> e : BootstrapPolicy.namespaceRoleBindings().entrySet()) {
            ensureNamespace(e.getKey());
            for (var binding : e.getValue()) {
                reconcileBinding(roleBindings, e.getKey(), Json.MAPPER.valueToTree(binding));
            }
        }
    }

    private GenericStore store(String resource) {
        return registry.store(new GroupVersionResource(GROUP, "v1", resource));
    }

    private void ensureNamespace(String name) {
        GenericStore namespaces = registry.core("namespaces");
        if (namespaces.find(null, name) == null) {
            ObjectNode ns = Json.MAPPER.createObjectNode();
            ns.put("apiVersion", "v1");
            ns.put("kind", "Namespace");
            ns.putObject("metadata").put("name", name);
            createIgnoringExists(namespaces, null, ns);
        }
    }

    private static void reconcileRole(GenericStore store, String namespace, ObjectNode expected) {
        String name = expected.path("metadata").path("name").asText();
        ObjectNode existing = store.find(namespace, name);
        if (existing == null) {
            createIgnoringExists(store, namespace, expected);
            return;
        }
        if (protectedFromUpdate(existing)) {
            return;
        }
        ObjectNode updated = existing.deepCopy();
        mergeMetadata(updated, expected);
        List<PolicyRule> existingRules = rules(existing);
        List<PolicyRule> missing = PolicyComparator.uncovered(existingRules, rules(expected));
        if (!missing.isEmpty()) {
            ArrayNode rules = updated.withArray("rules");
            missing.forEach(r -> rules.add(Json.MAPPER.<JsonNode>valueToTree(r)));
        }
        JsonNode expectedAggregation = expected.get("aggregationRule");
        if (expectedAggregation != null && !expectedAggregation.isNull()) {
            ObjectNode aggregation = updated.has("aggregationRule") && updated.get("aggregationRule").isObject()
                    ? (ObjectNode) updated.get("aggregationRule") : updated.putObject("aggregationRule");
            ArrayNode selectors = aggregation.withArray("clusterRoleSelectors");
            for (JsonNode s : expectedAggregation.path("clusterRoleSelectors")) {
                if (!contains(selectors, s)) {
                    selectors.add(s.deepCopy());
                }
            }
        }
        if (!updated.equals(existing)) {
            store.update(namespace, name, updated, "", false);
            LOG.info("reconciled RBAC " + store.definition().resource() + " " + name);
        }
    }

    private static void reconcileBinding(GenericStore store, String namespace, ObjectNode expected) {
        String name = expected.path("metadata").path("name").asText();
        ObjectNode existing = store.find(namespace, name);
        if (existing == null) {
            createIgnoringExists(store, namespace, expected);
            return;
        }
        if (protectedFromUpdate(existing)) {
            return;
        }
        ObjectNode updated = existing.deepCopy();
        mergeMetadata(updated, expected);
        ArrayNode subjects = updated.withArray("subjects");
        for (JsonNode s : expected.path("subjects")) {
            if (!containsSubject(subjects, s)) {
                subjects.add(s.deepCopy());
            }
        }
        if (!existing.path("roleRef").equals(expected.path("roleRef"))) {
            // roleRef is immutable: delete and create again, keeping the existing subjects (upstream's recreate).
            updated.set("roleRef", expected.get("roleRef").deepCopy());
            store.delete(namespace, name, DeleteOptions.defaults());
            ObjectNode fresh = updated.deepCopy();
            ObjectNode meta = (ObjectNode) fresh.get("metadata");
            meta.remove(List.of("uid", "resourceVersion", "creationTimestamp", "managedFields"));
            createIgnoringExists(store, namespace, fresh);
            return;
        }
        if (subjects.isEmpty() && !existing.has("subjects")) {
            updated.remove("subjects");
        }
        if (!updated.equals(existing)) {
            store.update(namespace, name, updated, "", false);
            LOG.info("reconciled RBAC " + store.definition().resource() + " " + name);
        }
    }

    private static boolean protectedFromUpdate(ObjectNode existing) {
        return "false".equals(existing.path("metadata").path("annotations").path(BootstrapPolicy.AUTOUPDATE_ANNOTATION).asText(""));
    }

    /** Labels and annotations of {@code expected} that {@code obj} lacks are added; existing values win. */
    private static void mergeMetadata(ObjectNode obj, ObjectNode expected) {
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        for (String field : List.of("labels", "annotations")) {
            JsonNode want = expected.path("metadata").path(field);
            if (want.isEmpty()) {
                continue;
            }
            ObjectNode have = meta.has(field) && meta.get(field).isObject() ? (ObjectNode) meta.get(field) : meta.putObject(field);
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!have.has(e.getKey())) {
                    have.set(e.getKey(), e.getValue().deepCopy());
                }
            }
        }
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode v : array) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsSubject(ArrayNode subjects, JsonNode s) {
        for (JsonNode have : subjects) {
            if (have.path("kind").asText("").equals(s.path("kind").asText(""))
                    && have.path("name").asText("").equals(s.path("name").asText(""))
                    && have.path("namespace").asText("").equals(s.path("namespace").asText(""))) {
                return true;
            }
        }
        return false;
    }

    private static List<PolicyRule> rules(ObjectNode role) {
        List<PolicyRule> out = new ArrayList<>();
        for (JsonNode r : role.path("rules")) {
            out.add(Json.MAPPER.convertValue(r, PolicyRule.class));
        }
        return out;
    }

    private static void createIgnoringExists(GenericStore store, String namespace, ObjectNode obj) {
        try {
            store.create(namespace, obj, false);
        } catch (StatusException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}

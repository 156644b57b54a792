package io.capstan.apiserver.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authorization.rbac.bootstrappolicy.BootstrapPolicy;
import io.capstan.apiserver.registry.BuiltinResources;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.apiserver.storage.sqlite.SqliteOptions;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.api.GroupVersionResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rbac/bootstrap-roles reconciliation, as upstream's {@code reconciliation} package behaves with union semantics. */
class BootstrapRolesTest {
    @TempDir
    Path dir;
    SqliteStorage storage;
    ResourceRegistry registry;
    GenericStore clusterRoles;
    GenericStore clusterRoleBindings;

    @BeforeEach
    void open() {
        storage = new SqliteStorage(dir.resolve("capstan.db"), SqliteOptions.defaults());
        registry = new ResourceRegistry(storage, BuiltinResources.all());
        clusterRoles = registry.store(new GroupVersionResource("rbac.authorization.k8s.io", "v1", "clusterroles"));
        clusterRoleBindings = registry.store(new GroupVersionResource("rbac.authorization.k8s.io", "v1", "clusterrolebindings"));
    }

    @AfterEach
    void close() {
        storage.close();
    }

    static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
        return out;
    }

    @Test
    void createsEveryBootstrapObject() {
        new BootstrapRoles(registry).ensure();
        List<String> roles = names(clusterRoles.list(null, io.capstan.apiserver.registry.ListOptions.all()));
        assertEquals(BootstrapPolicy.allClusterRoles().size(), roles.size());
        assertTrue(roles.containsAll(List.of("cluster-admin", "admin", "edit", "view", "system:discovery",
                "system:controller:namespace-controller", "system:controller:clusterrole-aggregation-controller")));
        assertEquals(BootstrapPolicy.clusterRoleBindings().size(),
                names(clusterRoleBindings.list(null, io.capstan.apiserver.registry.ListOptions.all())).size());
        assertEquals("system:kube-controller-manager",
                clusterRoleBindings.get(null, "system:capstan:controller-manager:generic-garbage-collector").path("subjects").get(0).path("name").asText());
    }

    @Test
    void addsMissingRulesAndSubjectsKeepsExtrasAndRespectsAutoupdateFalse() {
        BootstrapRoles hook = new BootstrapRoles(registry);
        hook.ensure();
        ObjectNode discovery = clusterRoles.get(null, "system:discovery");
        ObjectNode custom = discovery.putArray("rules").addObject();
        custom.putArray("verbs").add("get");
        custom.putArray("nonResourceURLs").add("/custom");
        ((ObjectNode) discovery.path("metadata").path("labels")).remove("kubernetes.io/bootstrapping");
        clusterRoles.update(null, "system:discovery", discovery, "", false);

        ObjectNode basic = clusterRoles.get(null, "system:basic-user");
        ((ObjectNode) basic.path("metadata").path("annotations")).put(BootstrapPolicy.AUTOUPDATE_ANNOTATION, "false");
        basic.remove("rules");
        clusterRoles.update(null, "system:basic-user", basic, "", false);

        ObjectNode admins = clusterRoleBindings.get(null, "cluster-admin");
        admins.putArray("subjects").addObject().put("kind", "User").put("name", "bob").put("apiGroup", "rbac.authorization.k8s.io");
        clusterRoleBindings.update(null, "cluster-admin", admins, "", false);

        hook.ensure();
        JsonNode reconciled = clusterRoles.get(null, "system:discovery");
        assertEquals("/custom", reconciled.path("rules").get(0).path("nonResourceURLs").get(0).asText());
        List<String> urls = new ArrayList<>();
        reconciled.path("rules").forEach(r -> r.path("nonResourceURLs").forEach(u -> urls.add(u.asText())));
        assertTrue(urls.containsAll(List.of("/healthz", "/version", "/apis/*")), urls.toString());
        assertEquals("rbac-defaults", reconciled.path("metadata").path("labels").path("kubernetes.io/bootstrapping").asText());
        assertTrue(clusterRoles.get(null, "system:basic-user").path("rules").isEmpty());
        JsonNode subjects = clusterRoleBindings.get(null, "cluster-admin").path("subjects");
        assertEquals(2, subjects.size());
        assertEquals("bob", subjects.get(0).path("name").asText());
        assertEquals("system:masters", subjects.get(1).path("name").asText());
        String rv = clusterRoleBindings.get(null, "cluster-admin").path("metadata").path("resourceVersion").asText();
        hook.ensure();
        assertEquals(rv, clusterRoleBindings.get(null, "cluster-admin").path("metadata").path("resourceVersion").asText(),
                "a reconciled object is not written again");
    }
}

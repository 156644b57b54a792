package io.capstan.apiserver.authorization.rbac;

import io.capstan.apiserver.registry.BuiltinResources;
import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.apiserver.storage.sqlite.SqliteOptions;
import io.capstan.apiserver.storage.sqlite.SqliteStorage;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory roles and bindings follow storage: the first list, then every watched change. */
class WatchingPolicySourceTest {
    @TempDir
    Path dir;
    SqliteStorage storage;
    ResourceRegistry registry;
    WatchingPolicySource source;

    @BeforeEach
    void open() {
        storage = new SqliteStorage(dir.resolve("capstan.db"), SqliteOptions.defaults());
        registry = new ResourceRegistry(storage, BuiltinResources.all());
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
        storage.close();
    }

    GenericStore store(String resource) {
        return registry.store(new GroupVersionResource("rbac.authorization.k8s.io", "v1", resource));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean());
    }

    @Test
    void listsThenFollowsCreatesUpdatesAndDeletes() throws Exception {
        store("clusterroles").create(null, Json.object("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"before"},
                 "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}""".getBytes()), false);
        source = new WatchingPolicySource(storage).start(10);
        assertTrue(source.synced());
        assertEquals("pods", source.clusterRole("before").getRules().getFirst().getResources().getFirst());

        registry.core("namespaces").create(null, Json.object("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ns1\"}}".getBytes()), false);
        store("rolebindings").create("ns1", Json.object("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"rb","namespace":"ns1"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"before"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"alice"}]}""".getBytes()), false);
        await(() -> source.roleBindings("ns1").size() == 1);
        assertTrue(source.roleBindings("ns2").isEmpty());

        var role = store("clusterroles").get(null, "before");
        ((com.fasterxml.jackson.databind.node.ObjectNode) role.path("rules").get(0)).putArray("verbs").add("list");
        store("clusterroles").update(null, "before", role, "", false);
        await(() -> source.clusterRole("before").getRules().getFirst().getVerbs().contains("list"));

        store("rolebindings").delete("ns1", "rb", DeleteOptions.defaults());
        store("clusterroles").delete(null, "before", DeleteOptions.defaults());
        await(() -> source.roleBindings("ns1").isEmpty() && source.clusterRole("before") == null);
        assertNull(source.role("ns1", "none"));
    }

    @Test
    void clusterRoleBindingsAreIndexedBySubject() throws Exception {
        source = new WatchingPolicySource(storage).start(10);
        store("clusterrolebindings").create(null, Json.object("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"crb"},
                 "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},
                 "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"devs"},
                             {"kind":"ServiceAccount","name":"robot","namespace":"ns1"}]}""".getBytes()), false);
        var dev = new io.capstan.apiserver.authentication.UserInfo("alice", "", java.util.List.of("devs"), java.util.Map.of());
        await(() -> source.clusterRoleBindingsFor(dev).size() == 1);
        var robot = new io.capstan.apiserver.authentication.UserInfo("system:serviceaccount:ns1:robot", "", java.util.List.of(), java.util.Map.of());
        assertEquals(1, source.clusterRoleBindingsFor(robot).size());
        var other = new io.capstan.apiserver.authentication.UserInfo("bob", "", java.util.List.of("ops"), java.util.Map.of());
        assertTrue(source.clusterRoleBindingsFor(other).isEmpty());
        store("clusterrolebindings").delete(null, "crb", DeleteOptions.defaults());
        await(() -> source.clusterRoleBindingsFor(dev).isEmpty());
    }
}

package io.capstan.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigControllerTest {
    private final ConfigController controller = new ConfigController(600);

    /** user; groups (space-separated); verb; group; resource; namespace; path; expected FlowSchema; expected level. */
    @ParameterizedTest
    @CsvSource({
            "admin, system:masters system:authenticated, delete, '', pods, default, '', exempt, exempt",
            "system:anonymous, system:unauthenticated, get, '', '', '', /healthz, probes, exempt",
            "alice, system:authenticated, get, '', '', '', /readyz, probes, exempt",
            "alice, system:authenticated, list, '', pods, default, '', global-default, global-default",
            "alice, system:authenticated, get, '', '', '', /version, global-default, global-default",
            "system:kube-controller-manager, system:authenticated, list, apps, deployments, '', '', kube-controller-manager, workload-high",
            "system:kube-controller-manager, system:authenticated, update, coordination.k8s.io, leases, kube-system, '', system-leader-election, leader-election",
            "system:kube-controller-manager, system:authenticated, update, '', endpoints, default, '', endpoint-controller, workload-high",
            "system:kube-scheduler, system:authenticated, create, '', pods/binding, default, '', kube-scheduler, workload-high",
            "system:kube-scheduler, system:authenticated, get, coordination.k8s.io, leases, kube-system, '', system-leader-election, leader-election",
            "system:node:n1, system:nodes system:authenticated, patch, '', nodes/status, '', '', system-node-high, node-high",
            "system:node:n1, system:nodes system:authenticated, list, '', pods, '', '', system-nodes, system",
            "system:serviceaccount:kube-system:job-controller, system:serviceaccounts system:serviceaccounts:kube-system system:authenticated, list, batch, jobs, '', '', kube-system-service-accounts, workload-high",
            "system:serviceaccount:kube-system:x, system:serviceaccounts system:authenticated, update, coordination.k8s.io, leases, team-a, '', system-leader-election, leader-election",
            "system:serviceaccount:kube-system:x, system:serviceaccounts system:authenticated, update, '', configmaps, team-a, '', workload-leader-election, leader-election",
            "system:serviceaccount:kube-system:x, system:serviceaccounts system:authenticated, get, '', configmaps, kube-system, '', system-leader-election, leader-election",
            "system:serviceaccount:team-a:builder, system:serviceaccounts system:serviceaccounts:team-a system:authenticated, get, '', configmaps, team-a, '', service-accounts, workload-low",
    })
    void classifiesAsUpstreamsBootstrapConfiguration(String user, String groups, String verb, String group, String resource,
                                                     String namespace, String path, String flowSchema, String level) {
        boolean resourceRequest = !resource.isEmpty();
        String res = resource;
        String sub = "";
        int slash = resource.indexOf('/');
        if (slash > 0) {
            res = resource.substring(0, slash);
            sub = resource.substring(slash + 1);
        }
        RequestDigest digest = new RequestDigest(new UserInfo(user, "", Arrays.asList(groups.split(" ")), Map.of()),
                resourceRequest, verb, group, res, sub, namespace, path);
        Classification c = controller.classify(digest);
        assertEquals(flowSchema, c.flowSchema());
        assertEquals(level, c.priorityLevel().name());
    }

    @Test
    void distinguishersSeparateFlows() {
        UserInfo kcm = new UserInfo("system:kube-controller-manager", "", List.of("system:authenticated"), Map.of());
        Classification a = controller.classify(new RequestDigest(kcm, true, "list", "", "pods", "", "ns-a", ""));
        Classification b = controller.classify(new RequestDigest(kcm, true, "list", "", "pods", "", "ns-b", ""));
        assertEquals("ns-a", a.flowDistinguisher()); // ByNamespace
        assertTrue(a.flowHash() != b.flowHash());
        UserInfo alice = new UserInfo("alice", "", List.of("system:authenticated"), Map.of());
        assertEquals("alice", controller.classify(new RequestDigest(alice, true, "list", "", "pods", "", "ns-a", "")).flowDistinguisher());
    }

    @Test
    void nominalConcurrencyLimitsSplitTheServerLimitByShares() {
        // Shares: catch-all 5, system 30, node-high 40, leader-election 10, workload-high 40, workload-low 100,
        // global-default 20, exempt 0: 245 in all; each level gets ceil(600 * shares / 245).
        Map<String, PriorityLevel> levels = controller.priorityLevels();
        assertEquals(13, levels.get("catch-all").queueSet().concurrencyLimit());
        assertEquals(74, levels.get("system").queueSet().concurrencyLimit());
        assertEquals(98, levels.get("workload-high").queueSet().concurrencyLimit());
        assertEquals(245, levels.get("workload-low").queueSet().concurrencyLimit());
        assertEquals(49, levels.get("global-default").queueSet().concurrencyLimit());
        assertTrue(levels.get("exempt").exempt());
    }

    @Test
    void danglingFlowSchemaIsSkippedAndUpdatesKeepQueues() {
        List<ObjectNode> fss = BootstrapConfiguration.flowSchemas();
        ObjectNode custom = fss.get(0).deepCopy();
        custom.with("metadata").put("name", "my-dangling");
        custom.with("spec").put("matchingPrecedence", 1).with("priorityLevelConfiguration").put("name", "no-such-level");
        fss.add(custom);
        QueueSet before = controller.priorityLevels().get("workload-low").queueSet();
        controller.update(BootstrapConfiguration.priorityLevels(), fss);
        assertEquals(before, controller.priorityLevels().get("workload-low").queueSet());
        UserInfo admin = new UserInfo("admin", "", List.of("system:masters"), Map.of());
        assertEquals("exempt", controller.classify(new RequestDigest(admin, true, "get", "", "pods", "", "default", "")).flowSchema());
    }

    @Test
    void bootstrapConfigurationIsUpstreams() {
        assertEquals(List.of("exempt", "catch-all"), BootstrapConfiguration.mandatoryPriorityLevels().stream()
                .map(o -> o.path("metadata").path("name").asText()).toList());
        assertEquals(List.of("system", "node-high", "leader-election", "workload-high", "workload-low", "global-default"),
                BootstrapConfiguration.suggestedPriorityLevels().stream().map(o -> o.path("metadata").path("name").asText()).toList());
        assertEquals(13, BootstrapConfiguration.flowSchemas().size());
        BootstrapConfiguration.flowSchemas().forEach(fs -> {
            assertEquals("true", fs.path("metadata").path("annotations").path(BootstrapConfiguration.AUTO_UPDATE_ANNOTATION).asText());
            assertTrue(BootstrapConfiguration.priorityLevels().stream().anyMatch(pl -> pl.path("metadata").path("name").asText()
                    .equals(fs.path("spec").path("priorityLevelConfiguration").path("name").asText())), "dangling " + fs);
        });
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.DeleteOptions;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.registry.Meta;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusDetails;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code eviction} subresource of pods (a {@code policy/v1} {@code Eviction}), as upstream's
 * {@code EvictionREST}: a pod that is not running (pending, succeeded, failed) or already being deleted
 * is deleted at once; otherwise the pod's PodDisruptionBudget must allow a disruption, which is then
 * recorded in the budget's status ({@code disruptionsAllowed} decremented, the pod in
 * {@code disruptedPods}) before the pod is deleted; a budget that allows none is a 429.
 */
final class EvictionSubresource {
    private final GenericStore pods;
    private final GenericStore budgets;

    EvictionSubresource(GenericStore pods, GenericStore budgets) {
        this.pods = pods;
        this.budgets = budgets;
    }

    /** Evicts the pod {@code name}; {@code eviction} is the request body. */
    void create(String ns, String name, ObjectNode eviction, boolean dryRun) {
        String bodyName = Meta.name(eviction);
        if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
            throw Statuses.badRequest("name in URL does not match name in Eviction object");
        }
        JsonNode opts = eviction.path("deleteOptions");
        for (JsonNode d : opts.path("dryRun")) {
            dryRun |= d.asText().equals("All");
        }
        DeleteOptions delete = new DeleteOptions(opts.hasNonNull("gracePeriodSeconds") ? opts.get("gracePeriodSeconds").asLong() : null,
                opts.path("propagationPolicy").asText(null), opts.path("preconditions").path("uid").asText(null),
                opts.path("preconditions").path("resourceVersion").asText(null), dryRun);
        ObjectNode pod = pods.get(ns, name);
        String phase = pod.path("status").path("phase").asText("Pending");
        if (Meta.deleting(pod) || phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Pending")) {
            pods.delete(ns, name, delete);
            return;
        }
        List<ObjectNode> matching = new ArrayList<>();
        for (JsonNode pdb : budgets.list(ns, ListOptions.all()).path("items")) {
            JsonNode selector = pdb.path("spec").path("selector");
            if (!selector.isMissingNode() && !selector.isNull() && LabelSelectors.matches(selector, pod.path("metadata").path("labels"))) {
                matching.add((ObjectNode) pdb);
            }
        }
        if (matching.size() > 1) {
            throw Statuses.internal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        }
        if (matching.size() == 1) {
            String pdbName = Meta.name(matching.get(0));
            budgets.guaranteedUpdate(ns, pdbName, "status", dryRun, pdb -> {
                JsonNode status = pdb.path("status");
                if (status.path("observedGeneration").asLong(0) < pdb.path("metadata").path("generation").asLong(0)) {
                    throw tooManyRequests("DisruptionBudget", "The disruption budget " + pdbName
                            + " is still being processed by the server.");
                }
                long allowed = status.path("disruptionsAllowed").asLong(0);
                if (allowed <= 0) {
                    throw tooManyRequests("DisruptionBudget", "The disruption budget " + pdbName + " needs "
                            + status.path("desiredHealthy").asLong(0) + " healthy pods and has "
                            + status.path("currentHealthy").asLong(0) + " currently");
                }
                ObjectNode s = (ObjectNode) pdb.get("status");
                s.put("disruptionsAllowed", allowed - 1);
                ObjectNode disrupted = s.path("disruptedPods").isObject() ? (ObjectNode) s.get("disruptedPods") : s.putObject("disruptedPods");
                disrupted.put(name, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                Meta.of(pdb).remove("resourceVersion");
                return pdb;
            });
        }
        pods.delete(ns, name, delete);
    }

    private static StatusException tooManyRequests(String reason, String message) {
        StatusException e = Statuses.of(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
        e.status().setDetails(new StatusDetails(List.of(Statuses.cause(reason, null, message)), null, null, null, null, null));
        return e;
    }
}

package io.capstan.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.RestClient;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link PodWriter} over the REST API: {@code POST pods/<name>/binding}, and {@code PUT pods/<name>/status}
 * with the cached pod's resourceVersion (a conflict means the pod changed and will be seen again).
 */
public final class RestPodWriter implements PodWriter {
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    private final RestClient client;

    public RestPodWriter(RestClient client) {
        this.client = client;
    }

    @Override
    public void bind(Pod pod, String nodeName) {
        ObjectNode binding = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Binding");
        binding.putObject("metadata").put("name", pod.getMetadata().getName())
                .put("namespace", pod.getMetadata().getNamespace())
                .put("uid", pod.getMetadata().getUid());
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", nodeName);
        client.resource(PODS).namespace(pod.getMetadata().getNamespace())
                .createSubresource(pod.getMetadata().getName(), "binding", binding);
    }

    @Override
    public void updateCondition(Pod pod, PodCondition condition) {
        client.updateStatus(PODS, withCondition(pod, condition));
    }

    /** A copy of {@code pod} (the cache's object stays untouched) with {@code condition} set. */
    static Pod withCondition(Pod pod, PodCondition condition) {
        Pod copy = Json.convert(pod, Pod.class);
        if (copy.getStatus() == null) {
            copy.setStatus(new PodStatus());
        }
        List<PodCondition> conditions = new ArrayList<>();
        if (copy.getStatus().getConditions() != null) {
            copy.getStatus().getConditions().stream().filter(c -> !condition.getType().equals(c.getType())).forEach(conditions::add);
        }
        conditions.add(condition);
        copy.getStatus().setConditions(conditions);
        return copy;
    }
}

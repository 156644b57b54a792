package io.capstan.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.client.RestClient;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PodWriter} over the REST API: {@code POST pods/<name>/binding}, and {@code PUT pods/<name>/status}
 * with the cached pod's resourceVersion (a conflict means the pod changed and will be seen again).
 */
public final class RestPodWriter implements PodWriter {
    static final GroupVersionResource PODS = new GroupVersionResource("", "v1", "pods");
    static final GroupVersionResource EVENTS = new GroupVersionResource("", "v1", "events");
    static final String COMPONENT = "default-scheduler";
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
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

    @Override
    public void recordEvent(Pod pod, String type, String reason, String action, String note) {
        client.resource(EVENTS).namespace(pod.getMetadata().getNamespace()).create(event(pod, type, reason, action, note, Instant.now()));
    }

    /**
     * The Event upstream's scheduler writes (through events.k8s.io/v1), as the core/v1 API shows it:
     * named {@code <pod>.<nanoseconds in hex>}, with {@code eventTime} and the reporting controller
     * rather than the deprecated source and first/last timestamps.
     */
    static ObjectNode event(Pod pod, String type, String reason, String action, String note, Instant now) {
        ObjectNode event = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Event");
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        event.putObject("metadata").put("name", pod.getMetadata().getName() + "." + Long.toHexString(nanos))
                .put("namespace", pod.getMetadata().getNamespace());
        ObjectNode involved = event.putObject("involvedObject").put("apiVersion", "v1").put("kind", "Pod")
                .put("namespace", pod.getMetadata().getNamespace()).put("name", pod.getMetadata().getName());
        if (pod.getMetadata().getUid() != null) {
            involved.put("uid", pod.getMetadata().getUid());
        }
        if (pod.getMetadata().getResourceVersion() != null) {
            involved.put("resourceVersion", pod.getMetadata().getResourceVersion());
        }
        event.put("reason", reason).put("message", note).put("type", type).put("action", action)
                .put("eventTime", MICRO_TIME.format(now))
                .put("reportingComponent", COMPONENT).put("reportingInstance", COMPONENT + "-" + hostname());
        event.putObject("source");
        return event;
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
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

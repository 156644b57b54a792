package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Map;

/** Builders for nodes and pods in scheduler tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A Ready node with {@code cpu} and {@code memory} allocatable and room for 110 pods. */
    public static NodeBuilder node(String name, String cpu, String memory) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus()
                .addToAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110")))
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus();
    }

    /** A pod in {@code ns} with one container requesting {@code cpu} and {@code memory} (null for none). */
    public static PodBuilder pod(String name, String cpu, String memory) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withUid("uid-" + name).endMetadata();
        var requests = new java.util.HashMap<String, Quantity>();
        if (cpu != null) {
            requests.put("cpu", new Quantity(cpu));
        }
        if (memory != null) {
            requests.put("memory", new Quantity(memory));
        }
        return b.withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .withNewResources().withRequests(requests).endResources().endContainer().endSpec();
    }

    /** A pod already running on {@code node}. */
    public static Pod boundPod(String name, String node, String cpu, String memory) {
        return pod(name, cpu, memory).editSpec().withNodeName(node).endSpec().build();
    }

    /** A node as a NodeInfo with the given pods. */
    public static NodeInfo info(Node node, Pod... pods) {
        return NodeInfo.of(node, java.util.List.of(pods));
    }
}

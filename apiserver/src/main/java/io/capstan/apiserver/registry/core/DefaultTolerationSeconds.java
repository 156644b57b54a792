package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upstream's {@code DefaultTolerationSeconds} admission plugin (enabled by default in kube-apiserver):
 * a new pod that does not already tolerate the {@code node.kubernetes.io/not-ready} and
 * {@code node.kubernetes.io/unreachable} NoExecute taints gets tolerations for them of 300 seconds.
 */
final class DefaultTolerationSeconds {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final int SECONDS = 300;

    private DefaultTolerationSeconds() {
    }

    /** Adds the missing default tolerations to {@code pod}'s spec, after any it has. */
    static void admit(ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        if (!(spec instanceof ObjectNode specNode)) {
            return;
        }
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : spec.path("tolerations")) {
            String key = t.path("key").asText("");
            String effect = t.path("effect").asText("");
            boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
            notReady |= noExecute && (key.isEmpty() || key.equals(NOT_READY));
            unreachable |= noExecute && (key.isEmpty() || key.equals(UNREACHABLE));
        }
        if (notReady && unreachable) {
            return;
        }
        ArrayNode tolerations = specNode.path("tolerations") instanceof ArrayNode a ? a : specNode.putArray("tolerations");
        if (!notReady) {
            add(tolerations, NOT_READY);
        }
        if (!unreachable) {
            add(tolerations, UNREACHABLE);
        }
    }

    private static void add(ArrayNode tolerations, String key) {
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
                .put("tolerationSeconds", SECONDS);
    }
}

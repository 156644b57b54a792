package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The part of upstream's {@code ServiceAccount} admission plugin that names the account: a new pod
 * without {@code spec.serviceAccountName} runs as {@code default}, and the deprecated
 * {@code spec.serviceAccount} mirrors it. Token volumes are not mounted (there is no token issuer yet), and a missing account is not refused
 * (upstream answers 403 there; the ServiceAccount controller creates {@code default} asynchronously).
 */
final class ServiceAccountAdmission {
    static final String DEFAULT_SERVICE_ACCOUNT = "default";
    static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

    private ServiceAccountAdmission() {
    }

    /** Defaults the pod's service account name. */
    static void admit(ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        if (!(spec instanceof ObjectNode specNode) || pod.path("metadata").path("annotations").has(MIRROR_POD_ANNOTATION)) {
            return; // a kubelet's mirror of a static pod is left as it is, as upstream
        }
        String name = specNode.path("serviceAccountName").asText("");
        if (name.isEmpty()) {
            name = specNode.path("serviceAccount").asText("");
        }
        if (name.isEmpty()) {
            name = DEFAULT_SERVICE_ACCOUNT;
        }
        specNode.put("serviceAccountName", name);
        specNode.put("serviceAccount", name);
    }
}

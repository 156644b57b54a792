package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The part of upstream's {@code ServiceAccount} admission plugin that names the account: a new pod
 * without {@code spec.serviceAccountName} runs as {@code default}, and the deprecated
 * {@code spec.serviceAccount} mirrors it. Token volumes are not mounted (there is no token issuer yet).
 */
final class ServiceAccountAdmission {
    static final String DEFAULT_SERVICE_ACCOUNT = "default";

    private ServiceAccountAdmission() {
    }

    /** Defaults the pod's service account name. */
    static void admit(ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        if (!(spec instanceof ObjectNode specNode)) {
            return;
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

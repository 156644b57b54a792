package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The warnings upstream gives for a Service on create and update ({@code pkg/api/service/warnings.go}):
 * the deprecated topology-aware-hints annotation, fields a headless Service ignores, and the
 * {@code externalIPs}/{@code externalName} that the Service's type ignores. Not yet: upstream's IP
 * and CIDR notation warnings (leading zeros, IPv4-mapped IPv6).
 */
public final class ServiceWarnings {
    static final String TOPOLOGY_AWARE_HINTS = "service.kubernetes.io/topology-aware-hints";
    static final String TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";

    private ServiceWarnings() {
    }

    /** Upstream's {@code GetWarningsForService} for a defaulted Service. */
    public static List<String> of(JsonNode svc) {
        List<String> w = new ArrayList<>();
        if (svc.path("metadata").path("annotations").has(TOPOLOGY_AWARE_HINTS)) {
            w.add("annotation " + TOPOLOGY_AWARE_HINTS + " is deprecated, please use " + TOPOLOGY_MODE + " instead");
        }
        JsonNode spec = svc.path("spec");
        String type = spec.path("type").asText("ClusterIP");
        boolean headless = type.equals("ClusterIP") && spec.path("clusterIP").asText("").equals("None");
        boolean externalIPs = spec.path("externalIPs").size() > 0;
        if (headless) {
            if (!spec.path("loadBalancerIP").asText("").isEmpty()) {
                w.add("spec.loadBalancerIP is ignored for headless services");
            }
            if (externalIPs) {
                w.add("spec.externalIPs is ignored for headless services");
            }
            if (!spec.path("sessionAffinity").asText("None").equals("None")) {
                w.add("spec.SessionAffinity is ignored for headless services");
            }
        }
        if (type.equals("ExternalName") && externalIPs) {
            w.add("spec.externalIPs is ignored when spec.type is \"ExternalName\"");
        }
        if (!type.equals("ExternalName") && !spec.path("externalName").asText("").isEmpty()) {
            w.add("spec.externalName is ignored when spec.type is not \"ExternalName\"");
        }
        return w;
    }
}

package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Services: v1 defaults (ClusterIP, no session affinity, TCP ports targeting themselves, Cluster traffic
 * policy), status reset on create, ports required for proxied services, a known type, and a cluster IP
 * that may not change once set. Cluster IPs are not allocated here: the address the client sends (or
 * {@code None}) is kept as is.
 */
public final class ServiceStrategy implements Strategy {
    private static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");

    @Override
    public void applyDefaults(ObjectNode svc) {
        ObjectNode spec = PodTemplates.object(svc, "spec");
        PodTemplates.putIfAbsent(spec, "type", "ClusterIP");
        PodTemplates.putIfAbsent(spec, "sessionAffinity", "None");
        String type = spec.path("type").asText();
        // Upstream's defaulting mirrors a single clusterIP into clusterIPs, which clients and tables read.
        String clusterIp = spec.path("clusterIP").asText("");
        if (!clusterIp.isEmpty() && spec.path("clusterIPs").isEmpty()) {
            spec.putArray("clusterIPs").add(clusterIp);
        }
        if (!"ExternalName".equals(type)) {
            PodTemplates.putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        }
        if ("NodePort".equals(type) || "LoadBalancer".equals(type)) {
            PodTemplates.putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        for (JsonNode p : spec.path("ports")) {
            if (p instanceof ObjectNode port) {
                PodTemplates.putIfAbsent(port, "protocol", "TCP");
                if (!port.hasNonNull("targetPort") && port.has("port")) {
                    port.set("targetPort", port.get("port").deepCopy());
                }
            }
        }
    }

    @Override
    public void prepareForCreate(ObjectNode svc) {
        svc.putObject("status");
    }

    @Override
    public List<StatusCause> validate(ObjectNode svc) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = svc.path("spec");
        String type = spec.path("type").asText("");
        if (!TYPES.contains(type)) {
            causes.add(Statuses.cause("FieldValueNotSupported", "spec.type", "Unsupported value: \"" + type
                    + "\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        }
        boolean headless = "None".equals(spec.path("clusterIP").asText(""));
        if (spec.path("ports").isEmpty() && !"ExternalName".equals(type) && !headless) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.ports", "Required value"));
        }
        if ("ExternalName".equals(type) && spec.path("externalName").asText("").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.externalName", "Required value"));
        }
        JsonNode ports = spec.path("ports");
        for (int i = 0; i < ports.size(); i++) {
            long port = ports.get(i).path("port").asLong(0);
            if (port < 1 || port > 65535) {
                causes.add(Statuses.cause("FieldValueInvalid", "spec.ports[" + i + "].port",
                        "Invalid value: " + port + ": must be between 1 and 65535, inclusive"));
            }
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode svc, ObjectNode old) {
        String before = old.path("spec").path("clusterIP").asText("");
        String after = svc.path("spec").path("clusterIP").asText("");
        boolean wasExternalName = "ExternalName".equals(old.path("spec").path("type").asText());
        if (!before.isEmpty() && !before.equals(after) && !wasExternalName) {
            return List.of(Statuses.cause("FieldValueInvalid", "spec.clusterIPs[0]",
                    "Invalid value: []string{\"" + after + "\"}: may not change once set"));
        }
        return List.of();
    }

    @Override
    public boolean hasStatus() {
        return true;
    }
}

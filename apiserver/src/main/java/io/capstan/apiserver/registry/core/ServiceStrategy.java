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
 * that may not change once set. Cluster IPs and node ports are allocated by
 * {@link io.capstan.apiserver.registry.core.service.ServiceAllocators}, run around the store's writes.
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
        } else if (clusterIp.isEmpty() && !spec.path("clusterIPs").isEmpty()) {
            spec.put("clusterIP", spec.path("clusterIPs").get(0).asText(""));
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
        // upstream's empty ServiceStatus serializes its (non-pointer) loadBalancer status
        svc.putObject("status").putObject("loadBalancer");
    }

    /**
     * Keeps the status, and fills what the client left out of an update but was allocated before
     * (upstream's {@code patchAllocatedValues}): cluster IPs and IP family fields while the service
     * keeps needing them, node ports by port name, the health check node port.
     */
    @Override
    public void prepareForUpdate(ObjectNode svc, ObjectNode old) {
        Strategy.super.prepareForUpdate(svc, old);
        ObjectNode spec = PodTemplates.object(svc, "spec");
        JsonNode oldSpec = old.path("spec");
        if (!"ExternalName".equals(spec.path("type").asText()) && !"ExternalName".equals(oldSpec.path("type").asText())) {
            if (spec.path("clusterIP").asText("").isEmpty() && oldSpec.hasNonNull("clusterIP")) {
                spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
            }
            for (String f : List.of("clusterIPs", "ipFamilies")) {
                if (spec.path(f).isEmpty() && !oldSpec.path(f).isEmpty()) {
                    spec.set(f, oldSpec.get(f).deepCopy());
                }
            }
            if (!spec.hasNonNull("ipFamilyPolicy") && oldSpec.hasNonNull("ipFamilyPolicy")) {
                spec.set("ipFamilyPolicy", oldSpec.get("ipFamilyPolicy").deepCopy());
            }
        }
        if (needsNodePort(oldSpec) && !needsNodePort(spec)) {
            // upstream's dropTypeDependentFields: node ports kept from the old type go with it
            Set<Long> oldPorts = new java.util.HashSet<>();
            oldSpec.path("ports").forEach(p -> oldPorts.add(p.path("nodePort").asLong(0)));
            for (JsonNode p : spec.path("ports")) {
                if (p instanceof ObjectNode port && oldPorts.contains(port.path("nodePort").asLong(-1))) {
                    port.remove("nodePort");
                }
            }
            if (spec.path("healthCheckNodePort").equals(oldSpec.path("healthCheckNodePort"))) {
                spec.remove("healthCheckNodePort");
            }
        }
        if (needsNodePort(spec) && needsNodePort(oldSpec)) {
            Set<Long> used = new java.util.HashSet<>();
            for (JsonNode p : spec.path("ports")) {
                used.add(p.path("nodePort").asLong(0));
            }
            java.util.Map<String, Long> byName = new java.util.HashMap<>();
            for (JsonNode p : oldSpec.path("ports")) {
                byName.put(p.path("name").asText(""), p.path("nodePort").asLong(0));
            }
            for (JsonNode p : spec.path("ports")) {
                Long before = byName.get(p.path("name").asText(""));
                if (p instanceof ObjectNode port && port.path("nodePort").asLong(0) == 0 && before != null && before != 0
                        && !used.contains(before)) {
                    port.put("nodePort", before);
                    used.add(before);
                }
            }
            if (spec.path("healthCheckNodePort").asLong(0) == 0 && oldSpec.path("healthCheckNodePort").asLong(0) != 0) {
                spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort").deepCopy());
            }
        }
    }

    private static boolean needsNodePort(JsonNode spec) {
        String type = spec.path("type").asText("");
        return type.equals("NodePort") || type.equals("LoadBalancer");
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
        JsonNode clusterIPs = spec.path("clusterIPs");
        for (int i = 0; i < clusterIPs.size(); i++) {
            String ip = clusterIPs.get(i).asText("");
            if (!(i == 0 && ip.equals("None")) && !ip.isEmpty() && !validIP(ip)) {
                causes.add(Statuses.cause("FieldValueInvalid", "spec.clusterIPs[" + i + "]", "Invalid value: \"" + ip
                        + "\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
            }
        }
        if (!clusterIPs.isEmpty() && !clusterIPs.get(0).asText("").equals(spec.path("clusterIP").asText(""))) {
            causes.add(Statuses.cause("FieldValueInvalid", "spec.clusterIPs", "Invalid value: []string{"
                    + String.join(", ", java.util.stream.StreamSupport.stream(clusterIPs.spliterator(), false)
                    .map(n -> "\"" + n.asText() + "\"").toList()) + "}: first value must match `clusterIP`"));
        }
        JsonNode ports = spec.path("ports");
        for (int i = 0; i < ports.size(); i++) {
            if ("ClusterIP".equals(type) && ports.get(i).path("nodePort").asLong(0) != 0) {
                causes.add(Statuses.cause("FieldValueForbidden", "spec.ports[" + i + "].nodePort",
                        "Forbidden: may not be used when `type` is 'ClusterIP'"));
            }
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
        boolean externalName = "ExternalName".equals(old.path("spec").path("type").asText())
                || "ExternalName".equals(svc.path("spec").path("type").asText());
        if (!before.isEmpty() && !before.equals(after) && !externalName) {
            return List.of(Statuses.cause("FieldValueInvalid", "spec.clusterIPs[0]",
                    "Invalid value: []string{\"" + after + "\"}: may not change once set"));
        }
        return List.of();
    }

    private static boolean validIP(String ip) {
        if (ip.contains(":")) {
            try {
                // a literal with ':' is parsed, never looked up
                return ip.matches("[0-9A-Fa-f:.]+") && java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return io.capstan.apiserver.registry.core.service.ServiceIPRange.isIPv4(ip);
    }

    /** Service names become DNS labels of their cluster IP: upstream's {@code ValidateServiceName} is DNS-1035. */
    @Override
    public NameRule nameRule() {
        return NameRule.DNS1035_LABEL;
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public List<String> warningsOnCreate(ObjectNode obj) {
        return ServiceWarnings.of(obj);
    }

    @Override
    public List<String> warningsOnUpdate(ObjectNode obj, ObjectNode old) {
        return ServiceWarnings.of(obj);
    }
}

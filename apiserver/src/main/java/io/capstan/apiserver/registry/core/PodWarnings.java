package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The warnings upstream gives for a pod or a pod template on create, and on an update that changes
 * a template ({@code pkg/api/pod/warnings.go}): deprecated node labels in selectors, affinity and
 * topology keys, deprecated annotations and volume plugins, seccomp annotations without the field,
 * duplicate host aliases, image pull secrets, environment variables and ports, a negative
 * termination grace period and null label selectors. Paths and wording are upstream's.
 */
public final class PodWarnings {
    /** Upstream's {@code deprecatedNodeLabels} (pkg/api/node). */
    private static final Map<String, String> DEPRECATED_NODE_LABELS = Map.of(
            "beta.kubernetes.io/arch", "deprecated since v1.14; use \"kubernetes.io/arch\" instead",
            "beta.kubernetes.io/os", "deprecated since v1.14; use \"kubernetes.io/os\" instead",
            "failure-domain.beta.kubernetes.io/region", "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead",
            "failure-domain.beta.kubernetes.io/zone", "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead",
            "beta.kubernetes.io/instance-type", "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead");
    private static final Map<String, String> DEPRECATED_ANNOTATIONS = new LinkedHashMap<>();
    private static final Map<String, String> DEPRECATED_VOLUMES = new LinkedHashMap<>();
    private static final String SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
    private static final String SECCOMP_CONTAINER = "container.seccomp.security.alpha.kubernetes.io/";
    private static final String APPARMOR_CONTAINER = "container.apparmor.security.beta.kubernetes.io/";
    private static final String NULL_SELECTOR = ": a null labelSelector results in matching no pod";

    static {
        DEPRECATED_ANNOTATIONS.put("scheduler.alpha.kubernetes.io/critical-pod",
                "non-functional in v1.16+; use the \"priorityClassName\" field instead");
        DEPRECATED_ANNOTATIONS.put("security.alpha.kubernetes.io/sysctls", "non-functional in v1.11+; use the \"sysctls\" field instead");
        DEPRECATED_ANNOTATIONS.put("security.alpha.kubernetes.io/unsafe-sysctls",
                "non-functional in v1.11+; use the \"sysctls\" field instead");
        DEPRECATED_VOLUMES.put("photonPersistentDisk", "deprecated in v1.11, non-functional in v1.16+");
        DEPRECATED_VOLUMES.put("gitRepo", "deprecated in v1.11");
        DEPRECATED_VOLUMES.put("scaleIO", "deprecated in v1.16, non-functional in v1.22+");
        DEPRECATED_VOLUMES.put("flocker", "deprecated in v1.22, non-functional in v1.25+");
        DEPRECATED_VOLUMES.put("storageos", "deprecated in v1.22, non-functional in v1.25+");
        DEPRECATED_VOLUMES.put("quobyte", "deprecated in v1.22, non-functional in v1.25+");
        DEPRECATED_VOLUMES.put("glusterfs", "deprecated in v1.25, non-functional in v1.26+");
        DEPRECATED_VOLUMES.put("cephfs", "deprecated in v1.28, non-functional in v1.31+");
        DEPRECATED_VOLUMES.put("rbd", "deprecated in v1.28, non-functional in v1.31+");
    }

    private PodWarnings() {
    }

    /** Upstream's {@code GetWarningsForPod} (a new pod; upstream gives none on pod updates). */
    public static List<String> forPod(JsonNode pod) {
        return forSpecAndMeta("", pod.path("spec"), pod.path("metadata"), false);
    }

    /**
     * Upstream's {@code GetWarningsForPodTemplate} for the template at {@code path} (e.g.
     * {@code spec.template}) of a workload.
     */
    public static List<String> forTemplate(String path, JsonNode template) {
        return forSpecAndMeta(path + ".", template.path("spec"), template.path("metadata"), true);
    }

    /**
     * A workload's warnings, as upstream's workload strategies give them: for its template at
     * {@code path} on create ({@code old} null), and on an update only when it bumps the generation.
     */
    public static List<String> forWorkload(String path, JsonNode obj, JsonNode old) {
        if (old != null && obj.path("metadata").path("generation").asLong(0) == old.path("metadata").path("generation").asLong(0)) {
            return List.of();
        }
        JsonNode template = obj;
        for (String field : path.split("\\.")) {
            template = template.path(field);
        }
        return template.isObject() ? forTemplate(path, template) : List.of();
    }

    /** The node label's deprecation message, or null. */
    public static String deprecatedNodeLabel(String key) {
        return DEPRECATED_NODE_LABELS.get(key);
    }

    private static List<String> forSpecAndMeta(String at, JsonNode spec, JsonNode meta, boolean template) {
        List<String> w = new ArrayList<>();
        JsonNode annotations = meta.path("annotations");
        spec.path("nodeSelector").fieldNames().forEachRemaining(k -> {
            String msg = DEPRECATED_NODE_LABELS.get(k);
            if (msg != null) {
                w.add(at + "spec.nodeSelector[" + k + "]: " + msg);
            }
        });
        JsonNode nodeAffinity = spec.path("affinity").path("nodeAffinity");
        JsonNode terms = nodeAffinity.path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
        for (int i = 0; i < terms.size(); i++) {
            nodeSelectorTerm(w, terms.get(i), at + "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[" + i + "]");
        }
        JsonNode preferred = nodeAffinity.path("preferredDuringSchedulingIgnoredDuringExecution");
        for (int i = 0; i < preferred.size(); i++) {
            nodeSelectorTerm(w, preferred.get(i).path("preference"),
                    at + "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[" + i + "].preference");
        }
        JsonNode spread = spec.path("topologySpreadConstraints");
        for (int i = 0; i < spread.size(); i++) {
            String key = spread.get(i).path("topologyKey").asText("");
            String msg = DEPRECATED_NODE_LABELS.get(key);
            String p = at + "spec.topologySpreadConstraints[" + i + "]";
            if (msg != null) {
                w.add(p + ".topologyKey: " + key + " is " + msg);
            }
            if (isNull(spread.get(i).get("labelSelector"))) {
                w.add(p + ".labelSelector" + NULL_SELECTOR);
            }
        }
        DEPRECATED_ANNOTATIONS.forEach((key, msg) -> {
            if (annotations.has(key)) {
                w.add(at + "metadata.annotations[" + key + "]: " + msg);
            }
        });
        JsonNode volumes = spec.path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            for (Map.Entry<String, String> d : DEPRECATED_VOLUMES.entrySet()) {
                if (!isNull(volumes.get(i).get(d.getKey()))) {
                    String goName = d.getKey().equals("storageos") ? "storageOS" : d.getKey(); // upstream's path spells it so
                    w.add(at + "spec.volumes[" + i + "]." + goName + ": " + d.getValue());
                }
            }
        }
        duplicates(w, spec.path("hostAliases"), "ip", at + "spec.hostAliases");
        duplicates(w, spec.path("imagePullSecrets"), "name", at + "spec.imagePullSecrets");
        JsonNode pullSecrets = spec.path("imagePullSecrets");
        for (int i = 0; i < pullSecrets.size(); i++) {
            if (pullSecrets.get(i).path("name").asText("").isEmpty()) {
                w.add(at + "spec.imagePullSecrets[" + i + "].name: invalid empty name \"\"");
            }
        }
        if (isNull(spec.path("securityContext").get("seccompProfile")) && annotations.has(SECCOMP_POD)) {
            w.add(at + "metadata.annotations[" + SECCOMP_POD + "]: non-functional in v1.27+; use the \"seccompProfile\" field instead");
        }
        boolean podAppArmor = !isNull(spec.path("securityContext").get("appArmorProfile"));
        List<Map.Entry<String, JsonNode>> containers = containers(at, spec);
        for (Map.Entry<String, JsonNode> e : containers) {
            JsonNode c = e.getValue();
            String name = c.path("name").asText("");
            if (isNull(c.path("securityContext").get("seccompProfile")) && annotations.has(SECCOMP_CONTAINER + name)) {
                w.add(at + "metadata.annotations[" + SECCOMP_CONTAINER + name
                        + "]: non-functional in v1.27+; use the \"seccompProfile\" field instead");
            }
            boolean appArmorField = podAppArmor || !isNull(c.path("securityContext").get("appArmorProfile"));
            if (template && !appArmorField && annotations.has(APPARMOR_CONTAINER + name)) {
                w.add(at + "metadata.annotations[" + APPARMOR_CONTAINER + name
                        + "]: deprecated since v1.30; use the \"appArmorProfile\" field instead");
            }
            env(w, c.path("env"), e.getKey());
        }
        ports(w, containers);
        JsonNode grace = spec.get("terminationGracePeriodSeconds");
        if (grace != null && grace.isNumber() && grace.asLong() < 0) {
            w.add(at + "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1");
        }
        for (String kind : List.of("podAffinity", "podAntiAffinity")) {
            JsonNode affinity = spec.path("affinity").path(kind);
            String p = at + "spec.affinity." + kind;
            JsonNode required = affinity.path("requiredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < required.size(); i++) {
                if (isNull(required.get(i).get("labelSelector"))) {
                    w.add(p + ".requiredDuringSchedulingIgnoredDuringExecution[" + i + "].labelSelector" + NULL_SELECTOR);
                }
            }
            JsonNode weighted = affinity.path("preferredDuringSchedulingIgnoredDuringExecution");
            for (int i = 0; i < weighted.size(); i++) {
                if (isNull(weighted.get(i).path("podAffinityTerm").get("labelSelector"))) {
                    w.add(p + ".preferredDuringSchedulingIgnoredDuringExecution[" + i + "].podAffinityTerm.labelSelector" + NULL_SELECTOR);
                }
            }
        }
        return w;
    }

    private static void nodeSelectorTerm(List<String> w, JsonNode term, String path) {
        JsonNode expressions = term.path("matchExpressions");
        for (int j = 0; j < expressions.size(); j++) {
            String key = expressions.get(j).path("key").asText("");
            String msg = DEPRECATED_NODE_LABELS.get(key);
            if (msg != null) {
                w.add(path + ".matchExpressions[" + j + "].key: " + key + " is " + msg);
            }
        }
    }

    private static void duplicates(List<String> w, JsonNode items, String field, String path) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; items.size() > 1 && i < items.size(); i++) {
            String v = items.get(i).path(field).asText("");
            if (!seen.add(v)) {
                w.add(path + "[" + i + "]." + field + ": duplicate " + field + " \"" + v + "\"");
            }
        }
    }

    /** Upstream's {@code VisitContainersWithPath} order: init containers, containers, ephemeral containers. */
    private static List<Map.Entry<String, JsonNode>> containers(String at, JsonNode spec) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (String list : List.of("initContainers", "containers", "ephemeralContainers")) {
            JsonNode cs = spec.path(list);
            for (int i = 0; i < cs.size(); i++) {
                out.add(Map.entry(at + "spec." + list + "[" + i + "]", cs.get(i)));
            }
        }
        return out;
    }

    private static void env(List<String> w, JsonNode env, String path) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; env.size() > 1 && i < env.size(); i++) {
            JsonNode item = env.get(i);
            String name = item.path("name").asText("");
            if (seen.add(name)) {
                continue;
            }
            String value = item.path("value").asText("");
            String ref = "$(" + name + ")";
            boolean bad = !isNull(item.get("valueFrom")) || value.equals(ref) || !value.contains(ref);
            if (bad) {
                w.add(path + ".env[" + i + "]: hides previous definition of \"" + name + "\", which may be dropped when using apply");
            }
        }
    }

    private record PortBlock(String field, String hostIP, long hostPort) {
    }

    private static void ports(List<String> w, List<Map.Entry<String, JsonNode>> containers) {
        Map<String, List<PortBlock>> all = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : containers) {
            JsonNode ports = e.getValue().path("ports");
            for (int i = 0; i < ports.size(); i++) {
                JsonNode port = ports.get(i);
                String field = e.getKey() + ".ports[" + i + "]";
                String hostIP = port.path("hostIP").asText("");
                long hostPort = port.path("hostPort").asLong(0);
                long containerPort = port.path("containerPort").asLong(0);
                String protocol = port.path("protocol").asText("TCP");
                if (!hostIP.isEmpty() && hostPort == 0) {
                    w.add(field + ": hostIP set without hostPort: {Name:" + port.path("name").asText("") + " HostPort:" + hostPort
                            + " ContainerPort:" + containerPort + " Protocol:" + protocol + " HostIP:" + hostIP + "}");
                }
                List<PortBlock> others = all.computeIfAbsent(containerPort + "/" + protocol, k -> new ArrayList<>());
                for (PortBlock other : others) {
                    if (hostIP.equals(other.hostIP()) && hostPort == other.hostPort()) {
                        w.add(field + ": duplicate port definition with " + other.field());
                    } else if (hostPort == 0 || other.hostPort() == 0) {
                        w.add(field + ": overlapping port definition with " + other.field());
                    } else if (hostPort == other.hostPort() && (hostIP.isEmpty() != other.hostIP().isEmpty())) {
                        w.add(field + ": dangerously ambiguous port definition with " + other.field());
                    }
                }
                others.add(new PortBlock(field, hostIP, hostPort));
            }
        }
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }
}

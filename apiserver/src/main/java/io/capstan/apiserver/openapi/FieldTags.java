package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's Go struct tags and markers that the fabric8 model classes do not carry, by definition
 * name and field: {@code patchStrategy}/{@code patchMergeKey} (strategic merge patch),
 * {@code +listType}/{@code +listMapKey} and {@code +structType=atomic} (server-side apply), and the
 * fields without {@code omitempty} that upstream's schemas list as {@code required}. Published as
 * the {@code x-kubernetes-*} extensions of {@code /openapi/v2} and {@code /openapi/v3}.
 */
final class FieldTags {
    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static final Map<String, ObjectNode> EXTENSIONS = new HashMap<>();
    private static final Map<String, List<String>> REQUIRED = new HashMap<>();
    /** Fields with a {@code +default=} marker: their schema's {@code default} (apply's map list keys take it). */
    private static final Map<String, String> DEFAULTS = Map.of(
            CORE + "ContainerPort.protocol", "TCP", CORE + "ServicePort.protocol", "TCP");

    /** Struct types upstream marks {@code +structType=atomic} ({@code x-kubernetes-map-type: atomic}). */
    private static final Set<String> ATOMIC_STRUCTS = Set.of(
            META + "LabelSelector", CORE + "ObjectReference", CORE + "LocalObjectReference",
            CORE + "ConfigMapKeySelector", CORE + "SecretKeySelector", CORE + "ObjectFieldSelector",
            CORE + "ResourceFieldSelector", CORE + "TypedLocalObjectReference", CORE + "TypedObjectReference",
            CORE + "NodeSelector", CORE + "NodeSelectorTerm", CORE + "TopologySelectorTerm",
            CORE + "SecretReference", CORE + "ConfigMapNodeConfigSource");

    static {
        // core/v1 PodSpec and Container (k8s.io/api/core/v1/types.go)
        map(CORE + "PodSpec", "volumes", "merge,retainKeys", "name", "name");
        map(CORE + "PodSpec", "initContainers", "merge", "name", "name");
        map(CORE + "PodSpec", "containers", "merge", "name", "name");
        map(CORE + "PodSpec", "ephemeralContainers", "merge", "name", "name");
        map(CORE + "PodSpec", "imagePullSecrets", "merge", "name", "name");
        map(CORE + "PodSpec", "hostAliases", "merge", "ip", "ip");
        map(CORE + "PodSpec", "topologySpreadConstraints", "merge", "topologyKey", "topologyKey", "whenUnsatisfiable");
        map(CORE + "PodSpec", "schedulingGates", "merge", "name", "name");
        map(CORE + "PodSpec", "resourceClaims", "merge,retainKeys", "name", "name");
        atomic(CORE + "PodSpec", "tolerations", "readinessGates");
        atomicMap(CORE + "PodSpec", "nodeSelector");
        atomicMap(CORE + "ServiceSpec", "selector");
        atomicMap(CORE + "ReplicationControllerSpec", "selector");
        atomicMap("io.k8s.api.node.v1.Scheduling", "nodeSelector");
        for (String container : List.of("Container", "EphemeralContainer")) {
            map(CORE + container, "ports", "merge", "containerPort", "containerPort", "protocol");
            map(CORE + container, "env", "merge", "name", "name");
            map(CORE + container, "volumeMounts", "merge", "mountPath", "mountPath");
            map(CORE + container, "volumeDevices", "merge", "devicePath", "devicePath");
            atomic(CORE + container, "command", "args", "envFrom", "resizePolicy");
        }
        map(CORE + "PodStatus", "conditions", "merge", "type", "type");
        map(CORE + "PodStatus", "podIPs", "merge", "ip", "ip");
        map(CORE + "PodStatus", "hostIPs", "merge", "ip", "ip");
        map(CORE + "PodStatus", "resourceClaimStatuses", "merge,retainKeys", "name", "name");
        atomic(CORE + "PodStatus", "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses");
        set(CORE + "NodeSpec", "podCIDRs", "merge");
        atomic(CORE + "NodeSpec", "taints");
        map(CORE + "NodeStatus", "conditions", "merge", "type", "type");
        map(CORE + "NodeStatus", "addresses", "merge", "type", "type");
        atomic(CORE + "NodeStatus", "images", "volumesInUse", "volumesAttached");
        map(CORE + "ServiceSpec", "ports", "merge", "port", "port", "protocol");
        atomic(CORE + "ServiceSpec", "clusterIPs", "externalIPs", "ipFamilies", "loadBalancerSourceRanges");
        map(CORE + "ServiceStatus", "conditions", "merge", "type", "type");
        map(CORE + "ServiceAccount", "secrets", "merge", "name", "name");
        atomic(CORE + "ServiceAccount", "imagePullSecrets");
        map(CORE + "NamespaceStatus", "conditions", "merge", "type", "type");
        map(CORE + "PersistentVolumeClaimStatus", "conditions", "merge", "type", "type");
        map(CORE + "ReplicationControllerStatus", "conditions", "merge", "type", "type");
        atomic(CORE + "EndpointSubset", "addresses", "notReadyAddresses", "ports");
        atomic(CORE + "Endpoints", "subsets");
        // meta/v1
        set(META + "ObjectMeta", "finalizers", "merge");
        EXTENSIONS.put(META + "ObjectMeta.ownerReferences", extensions("merge", "uid", "map", "uid"));
        atomic(META + "ObjectMeta", "managedFields");
        atomic(META + "LabelSelector", "matchExpressions");
        // apps/v1, batch/v1, policy/v1, certificates/v1
        EXTENSIONS.put(APPS + "DeploymentSpec.strategy", extensions("retainKeys", null, null));
        for (String status : List.of("DeploymentStatus", "ReplicaSetStatus", "StatefulSetStatus", "DaemonSetStatus")) {
            map(APPS + status, "conditions", "merge", "type", "type");
        }
        atomic(APPS + "StatefulSetSpec", "volumeClaimTemplates");
        EXTENSIONS.put("io.k8s.api.batch.v1.JobStatus.conditions", extensions("merge", "type", "atomic"));
        atomic("io.k8s.api.batch.v1.CronJobStatus", "active");
        map("io.k8s.api.policy.v1.PodDisruptionBudgetStatus", "conditions", "merge", "type", "type");
        map("io.k8s.api.certificates.v1.CertificateSigningRequestStatus", "conditions", null, null, "type");
        map("io.k8s.api.flowcontrol.v1.FlowSchemaStatus", "conditions", "merge", "type", "type");
        map("io.k8s.api.flowcontrol.v1.PriorityLevelConfigurationStatus", "conditions", "merge", "type", "type");
        EXTENSIONS.put("io.k8s.api.storage.v1.CSINodeSpec.drivers", extensions("merge", "name", null));
        set("io.k8s.api.storage.v1.CSIDriverSpec", "volumeLifecycleModes", null);

        required(CORE + "PodSpec", "containers");
        required(CORE + "Container", "name");
        required(CORE + "EphemeralContainer", "name");
        required(CORE + "ContainerPort", "containerPort");
        required(CORE + "ServicePort", "port");
        required(CORE + "EnvVar", "name");
        required(CORE + "VolumeMount", "name", "mountPath");
        required(CORE + "Volume", "name");
        required(CORE + "KeyToPath", "key", "path");
        required(CORE + "ConfigMapKeySelector", "key");
        required(CORE + "SecretKeySelector", "key");
        required(CORE + "ObjectFieldSelector", "fieldPath");
        required(CORE + "ResourceFieldSelector", "resource");
        required(CORE + "HTTPGetAction", "port");
        required(CORE + "TCPSocketAction", "port");
        required(CORE + "Taint", "key", "effect");
        required(CORE + "NodeSelector", "nodeSelectorTerms");
        required(CORE + "NodeSelectorRequirement", "key", "operator");
        required(CORE + "PodCondition", "type", "status");
        required(CORE + "NodeCondition", "type", "status");
        required(CORE + "ContainerStatus", "name", "ready", "restartCount", "image", "imageID");
        required(CORE + "Event", "metadata", "involvedObject");
        required(CORE + "Binding", "target");
        required(META + "OwnerReference", "apiVersion", "kind", "name", "uid");
        required(META + "LabelSelectorRequirement", "key", "operator");
        required(META + "Condition", "type", "status", "lastTransitionTime", "reason", "message");
        required(APPS + "DeploymentSpec", "selector", "template");
        required(APPS + "ReplicaSetSpec", "selector");
        required(APPS + "StatefulSetSpec", "selector", "template");
        required(APPS + "DaemonSetSpec", "selector", "template");
        required(APPS + "DeploymentCondition", "type", "status");
        required(APPS + "ControllerRevision", "revision");
        required("io.k8s.api.batch.v1.JobSpec", "template");
        required("io.k8s.api.batch.v1.CronJobSpec", "schedule", "jobTemplate");
        required("io.k8s.api.certificates.v1.CertificateSigningRequestSpec", "request", "signerName");
        required("io.k8s.api.scheduling.v1.PriorityClass", "value");
        required("io.k8s.api.node.v1.RuntimeClass", "handler");
        required("io.k8s.api.storage.v1.StorageClass", "provisioner");
        required("io.k8s.api.storage.v1.CSIDriver", "spec");
        required("io.k8s.api.storage.v1.VolumeAttachmentSpec", "attacher", "source", "nodeName");
        required("io.k8s.api.discovery.v1.EndpointSlice", "addressType", "endpoints");
        required("io.k8s.api.discovery.v1.Endpoint", "addresses");
        required("io.k8s.api.events.v1.Event", "eventTime");
    }

    private FieldTags() {
    }

    /** The {@code x-kubernetes-*} extensions of {@code field} in {@code definition}, or null. */
    static ObjectNode extensions(String definition, String field) {
        ObjectNode ext = EXTENSIONS.get(definition + "." + field);
        return ext == null ? null : ext.deepCopy();
    }

    /** The {@code default} upstream's schema declares for {@code field} of {@code definition}, or null. */
    static String defaultValue(String definition, String field) {
        return DEFAULTS.get(definition + "." + field);
    }

    /** True when upstream marks the struct {@code +structType=atomic}. */
    static boolean atomicStruct(String definition) {
        return ATOMIC_STRUCTS.contains(definition);
    }

    /** The fields upstream requires in {@code definition} (every list kind requires {@code items}). */
    static List<String> required(String definition) {
        if (definition.endsWith("List") && !definition.startsWith(META)) {
            return List.of("items");
        }
        return REQUIRED.getOrDefault(definition, List.of());
    }

    private static void map(String definition, String field, String strategy, String mergeKey, String... listMapKeys) {
        EXTENSIONS.put(definition + "." + field, extensions(strategy, mergeKey, "map", listMapKeys));
    }

    private static void set(String definition, String field, String strategy) {
        EXTENSIONS.put(definition + "." + field, extensions(strategy, null, "set"));
    }

    private static void atomic(String definition, String... fields) {
        for (String f : fields) {
            EXTENSIONS.put(definition + "." + f, extensions(null, null, "atomic"));
        }
    }

    /** Map fields upstream marks {@code +mapType=atomic}. */
    private static void atomicMap(String definition, String... fields) {
        for (String f : fields) {
            ObjectNode ext = Json.MAPPER.createObjectNode();
            ext.put("x-kubernetes-map-type", "atomic");
            EXTENSIONS.put(definition + "." + f, ext);
        }
    }

    private static void required(String definition, String... fields) {
        REQUIRED.put(definition, List.of(fields));
    }

    private static ObjectNode extensions(String strategy, String mergeKey, String listType, String... listMapKeys) {
        ObjectNode ext = Json.MAPPER.createObjectNode();
        if (listType != null && listMapKeys.length > 0) {
            ext.putArray("x-kubernetes-list-map-keys").addAll(java.util.Arrays.stream(listMapKeys)
                    .map(Json.MAPPER.getNodeFactory()::textNode).toList());
        }
        if (listType != null) {
            ext.put("x-kubernetes-list-type", listType);
        }
        if (mergeKey != null) {
            ext.put("x-kubernetes-patch-merge-key", mergeKey);
        }
        if (strategy != null) {
            ext.put("x-kubernetes-patch-strategy", strategy);
        }
        return ext;
    }
}

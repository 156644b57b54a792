package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.ObjectMetaValidation;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pods: upstream's defaults, status reset to {@code Pending} with the QoS class on create, the
 * immutable parts of the spec, graceful deletion for pods bound to a node, and the field selectors
 * kubelets and schedulers use.
 */
public final class PodStrategy implements Strategy {
    private static final long DEFAULT_GRACE_SECONDS = 30;
    private static final Set<String> FIELDS = Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
            "status.nominatedNodeName");

    /** The defaults of {@link #applySpecDefaults}, then upstream's pod-only default of requests to limits. */
    @Override
    public void applyDefaults(ObjectNode pod) {
        applySpecDefaults(pod);
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : pod.path("spec").path(list)) {
                if (c instanceof ObjectNode container) {
                    defaultRequestsToLimits(container);
                }
            }
        }
    }

    /**
     * Upstream's {@code SetDefaults_Pod}: a container's resource that has a limit but no request gets the
     * limit as its request. Upstream does this for pods only, never for pod templates.
     */
    private static void defaultRequestsToLimits(ObjectNode container) {
        JsonNode limits = container.path("resources").path("limits");
        if (!(limits instanceof ObjectNode l) || l.isEmpty()) {
            return;
        }
        ObjectNode resources = (ObjectNode) container.get("resources");
        ObjectNode requests = resources.get("requests") instanceof ObjectNode r ? r : resources.putObject("requests");
        l.fields().forEachRemaining(e -> {
            if (!requests.has(e.getKey())) {
                requests.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** The defaults pods and pod templates share (upstream's {@code SetDefaults_PodSpec} and the container defaults). */
    public void applySpecDefaults(ObjectNode pod) {
        ObjectNode spec = object(pod, "spec");
        putIfAbsent(spec, "restartPolicy", "Always");
        putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
        putIfAbsent(spec, "schedulerName", "default-scheduler");
        if (!spec.has("terminationGracePeriodSeconds")) {
            spec.put("terminationGracePeriodSeconds", DEFAULT_GRACE_SECONDS);
        }
        if (!spec.has("securityContext")) {
            spec.putObject("securityContext");
        }
        if (!spec.has("enableServiceLinks")) {
            spec.put("enableServiceLinks", true);
        }
        putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
        if (!spec.has("priority")) {
            spec.put("priority", 0);
        }
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : spec.path(list)) {
                if (c instanceof ObjectNode container) {
                    defaultContainer(container);
                }
            }
        }
    }

    private static void defaultContainer(ObjectNode c) {
        String image = c.path("image").asText("");
        if (!c.hasNonNull("imagePullPolicy")) {
            String tagPart = image.contains("@") ? "" : image.substring(image.lastIndexOf('/') + 1);
            boolean latest = !image.contains("@") && (!tagPart.contains(":") || tagPart.endsWith(":latest"));
            c.put("imagePullPolicy", latest ? "Always" : "IfNotPresent");
        }
        putIfAbsent(c, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(c, "terminationMessagePolicy", "File");
        if (!c.has("resources")) {
            c.putObject("resources");
        }
        for (JsonNode p : c.path("ports")) {
            if (p instanceof ObjectNode port) {
                putIfAbsent(port, "protocol", "TCP");
            }
        }
    }

    @Override
    public void prepareForCreate(ObjectNode pod) {
        // What kube-apiserver's default admission plugins do to every new pod.
        ServiceAccountAdmission.admit(pod);
        DefaultTolerationSeconds.admit(pod);
        ObjectNode status = pod.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", qosClass(pod.path("spec")));
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    /** Upstream's pod status strategy keeps the owner references (old kubelets corrupted them). */
    @Override
    public Set<String> metadataKeptOnStatusUpdate() {
        return Set.of("ownerReferences");
    }

    /** As every status write, and upstream's backfill of the immutable QoS class when the write left it out. */
    @Override
    public ObjectNode prepareForStatusUpdate(ObjectNode pod, ObjectNode old) {
        ObjectNode merged = Strategy.super.prepareForStatusUpdate(pod, old);
        JsonNode oldQos = old.path("status").get("qosClass");
        if (oldQos != null && merged.path("status").path("qosClass").asText("").isEmpty()) {
            ObjectNode status = merged.get("status") instanceof ObjectNode o ? o : merged.putObject("status");
            status.set("qosClass", oldQos.deepCopy());
        }
        return merged;
    }

    @Override
    public List<StatusCause> validate(ObjectNode pod) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode containers = pod.path("spec").path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.containers", "Required value"));
        }
        Set<String> names = new HashSet<>();
        for (String list : new String[] {"initContainers", "containers"}) {
            JsonNode items = pod.path("spec").path(list);
            for (int i = 0; i < items.size(); i++) {
                String path = "spec." + list + "[" + i + "]";
                JsonNode c = items.get(i);
                String name = c.path("name").asText("");
                if (name.isEmpty()) {
                    causes.add(Statuses.cause("FieldValueRequired", path + ".name", "Required value"));
                } else if (!ObjectMetaValidation.isDns1123Label(name)) {
                    causes.add(Statuses.cause("FieldValueInvalid", path + ".name", "Invalid value: \"" + name
                            + "\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"));
                } else if (!names.add(name)) {
                    causes.add(Statuses.cause("FieldValueDuplicate", path + ".name", "Duplicate value: \"" + name + "\""));
                }
                if (c.path("image").asText("").isBlank()) {
                    causes.add(Statuses.cause("FieldValueRequired", path + ".image", "Required value"));
                }
            }
        }
        String restart = pod.path("spec").path("restartPolicy").asText("Always");
        if (!Set.of("Always", "OnFailure", "Never").contains(restart)) {
            causes.add(Statuses.cause("FieldValueNotSupported", "spec.restartPolicy",
                    "Unsupported value: \"" + restart + "\": supported values: \"Always\", \"OnFailure\", \"Never\""));
        }
        causes.addAll(validateSysctls(pod.path("spec")));
        return causes;
    }

    /** Upstream's {@code SysctlContainSlashFmt}: segments of {@code SysctlSegmentFmt} joined by dots or slashes. */
    private static final java.util.regex.Pattern SYSCTL_NAME =
            java.util.regex.Pattern.compile("^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$");
    /** Upstream's {@code SysctlMaxLength}. */
    private static final int SYSCTL_MAX_LENGTH = 253;

    /**
     * Upstream's {@code validateSysctls} (pkg/apis/core/validation): each
     * {@code spec.securityContext.sysctls[i].name} is required, a valid sysctl name and not repeated; and
     * {@code ValidateHostSysctl}: a pod on the host's network may not set {@code net.*} sysctls, nor a pod
     * in the host's IPC namespace the IPC ones.
     */
    static List<StatusCause> validateSysctls(JsonNode spec) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode sysctls = spec.path("securityContext").path("sysctls");
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sysctls.size(); i++) {
            String path = "spec.securityContext.sysctls[" + i + "].name";
            String name = sysctls.get(i).path("name").asText("");
            if (name.isEmpty()) {
                causes.add(Statuses.cause("FieldValueRequired", path, "Required value"));
            } else if (name.length() > SYSCTL_MAX_LENGTH || !SYSCTL_NAME.matcher(name).matches()) {
                causes.add(Statuses.cause("FieldValueInvalid", path, "Invalid value: \"" + name + "\": must have at most "
                        + SYSCTL_MAX_LENGTH + " characters and match regex " + SYSCTL_NAME.pattern()));
            } else if (names.contains(name)) {
                causes.add(Statuses.cause("FieldValueDuplicate", path, "Duplicate value: \"" + name + "\""));
            }
            String namespace = sysctlNamespace(name);
            if (spec.path("hostNetwork").asBoolean(false) && "net".equals(namespace)) {
                causes.add(Statuses.cause("FieldValueInvalid", path, "Invalid value: \"" + name
                        + "\": may not be specified when 'hostNetwork' is true"));
            } else if (spec.path("hostIPC").asBoolean(false) && "ipc".equals(namespace)) {
                causes.add(Statuses.cause("FieldValueInvalid", path, "Invalid value: \"" + name
                        + "\": may not be specified when 'hostIPC' is true"));
            }
            names.add(name);
        }
        return causes;
    }

    /** Upstream's {@code utilsysctl.GetNamespace}: the kernel namespace of a (dot- or slash-separated) sysctl. */
    private static String sysctlNamespace(String name) {
        String n = normalizeSysctlName(name);
        if (n.equals("kernel.sem") || n.startsWith("kernel.shm") || n.startsWith("kernel.msg") || n.startsWith("fs.mqueue.")) {
            return "ipc";
        }
        return n.startsWith("net.") ? "net" : "";
    }

    /** Upstream's {@code utilsysctl.NormalizeName}: a name whose first separator is a slash uses slashes throughout. */
    private static String normalizeSysctlName(String name) {
        int dot = name.indexOf('.');
        int slash = name.indexOf('/');
        if (slash < 0 || (dot >= 0 && dot < slash)) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        for (char ch : name.toCharArray()) {
            b.append(ch == '.' ? '/' : ch == '/' ? '.' : ch);
        }
        return b.toString();
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode pod, ObjectNode old) {
        if (!mutableView(pod.path("spec")).equals(mutableView(old.path("spec")))) {
            return List.of(Statuses.cause("FieldValueForbidden", "spec",
                    "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
        }
        return List.of();
    }

    /** The spec with the fields an update may change blanked out, for comparison. */
    private static JsonNode mutableView(JsonNode spec) {
        ObjectNode copy = spec.isObject() ? ((ObjectNode) spec).deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        copy.remove(List.of("activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "schedulingGates"));
        for (String list : new String[] {"containers", "initContainers"}) {
            for (JsonNode c : copy.path(list)) {
                if (c instanceof ObjectNode o) {
                    o.remove("image");
                }
            }
        }
        return copy;
    }

    @Override
    public long gracePeriodSeconds(ObjectNode pod, Long requested) {
        // Upstream: pods never scheduled, or already finished, are deleted at once.
        String phase = pod.path("status").path("phase").asText("");
        if (pod.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        if (requested != null) {
            return Math.max(0, requested);
        }
        return Math.max(0, pod.path("spec").path("terminationGracePeriodSeconds").asLong(DEFAULT_GRACE_SECONDS));
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        Map<String, String> f = new LinkedHashMap<>();
        f.put("spec.nodeName", spec.path("nodeName").asText(""));
        f.put("spec.restartPolicy", spec.path("restartPolicy").asText(""));
        f.put("spec.schedulerName", spec.path("schedulerName").asText(""));
        f.put("spec.serviceAccountName", spec.path("serviceAccountName").asText(""));
        f.put("spec.hostNetwork", Boolean.toString(spec.path("hostNetwork").asBoolean(false)));
        f.put("status.phase", status.path("phase").asText(""));
        f.put("status.podIP", status.path("podIP").asText(""));
        f.put("status.podIPs", status.path("podIPs").path(0).path("ip").asText(""));
        f.put("status.nominatedNodeName", status.path("nominatedNodeName").asText(""));
        return f;
    }

    @Override
    public Set<String> selectableFieldNames() {
        return FIELDS;
    }

    /** Upstream's QoS classes: Guaranteed, Burstable or BestEffort. */
    static String qosClass(JsonNode spec) {
        boolean any = false;
        boolean guaranteed = true;
        List<JsonNode> all = new ArrayList<>();
        spec.path("containers").forEach(all::add);
        spec.path("initContainers").forEach(all::add);
        for (JsonNode c : all) {
            JsonNode requests = c.path("resources").path("requests");
            JsonNode limits = c.path("resources").path("limits");
            for (String r : new String[] {"cpu", "memory"}) {
                boolean hasRequest = requests.hasNonNull(r) && !isZero(requests.get(r).asText());
                boolean hasLimit = limits.hasNonNull(r) && !isZero(limits.get(r).asText());
                any |= hasRequest || hasLimit;
                if (!hasLimit || (hasRequest && !requests.get(r).asText().equals(limits.get(r).asText()))) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static boolean isZero(String quantity) {
        return quantity.matches("0+(\\.0*)?[a-zA-Z]*");
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        return n instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private static void putIfAbsent(ObjectNode o, String field, String value) {
        if (!o.hasNonNull(field) || o.get(field).asText().isEmpty()) {
            o.put(field, value);
        }
    }

    /** Sets {@code spec.nodeName} and the {@code PodScheduled} condition, as the binding subresource does. */
    public static void bind(ObjectNode pod, String node, String now) {
        object(pod, "spec").put("nodeName", node);
        ObjectNode status = object(pod, "status");
        ArrayNode conditions = status.path("conditions").isArray() ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        for (int i = conditions.size() - 1; i >= 0; i--) {
            if ("PodScheduled".equals(conditions.get(i).path("type").asText())) {
                conditions.remove(i);
            }
        }
        ObjectNode c = conditions.addObject();
        c.put("type", "PodScheduled");
        c.put("status", "True");
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", now);
    }

    /** Upstream's pod warnings on create; none on update (upstream skips them on that busy path). */
    @Override
    public List<String> warningsOnCreate(ObjectNode obj) {
        return PodWarnings.forPod(obj);
    }
}

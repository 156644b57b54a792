package io.capstan.apiserver.apply;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The built-in table; keyed by field name, with the few names whose type depends on the parent resolved by it. */
final class BuiltinFieldTypes implements FieldTypes {
    static final BuiltinFieldTypes INSTANCE = new BuiltinFieldTypes();
    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");
    private static final Map<String, ListType> BY_NAME = Map.ofEntries(
            Map.entry("containers", ListType.map("name")), Map.entry("initContainers", ListType.map("name")),
            Map.entry("ephemeralContainers", ListType.map("name")), Map.entry("volumes", ListType.map("name")),
            Map.entry("volumeMounts", ListType.map("mountPath")), Map.entry("volumeDevices", ListType.map("devicePath")),
            Map.entry("env", ListType.map("name")), Map.entry("imagePullSecrets", ListType.map("name")),
            Map.entry("hostAliases", ListType.map("ip")), Map.entry("ownerReferences", ListType.map("uid")),
            Map.entry("finalizers", ListType.SET), Map.entry("conditions", ListType.map("type")),
            Map.entry("resourceClaims", ListType.map("name")), Map.entry("schedulingGates", ListType.map("name")),
            Map.entry("topologySpreadConstraints", ListType.map("topologyKey", "whenUnsatisfiable")),
            Map.entry("secrets", ListType.map("name")), Map.entry("podCIDRs", ListType.SET));
    private static final Set<String> ATOMIC_MAPS = Set.of("selector", "nodeSelector", "podSelector",
            "namespaceSelector", "labelSelector");
    private static final Set<String> NON_POINTER_STRUCTS = Set.of("metadata", "spec", "status", "template",
            "strategy", "updateStrategy", "resources", "jobTemplate");
    private static final ListType CONTAINER_PORTS = ListType.map("containerPort", "protocol")
            .withDefaults(Map.of("protocol", "TCP"));
    private static final ListType SERVICE_PORTS = ListType.map("port", "protocol")
            .withDefaults(Map.of("protocol", "TCP"));

    private BuiltinFieldTypes() {
    }

    @Override
    public ListType list(List<String> fieldNames) {
        if (fieldNames.isEmpty()) {
            return ListType.ATOMIC;
        }
        String name = fieldNames.get(fieldNames.size() - 1);
        if (name.equals("ports")) {
            if (fieldNames.size() >= 2 && CONTAINER_LISTS.contains(fieldNames.get(fieldNames.size() - 2))) {
                return CONTAINER_PORTS;
            }
            return fieldNames.equals(List.of("spec", "ports")) ? SERVICE_PORTS : ListType.ATOMIC;
        }
        if (name.equals("finalizers") && !fieldNames.equals(List.of("metadata", "finalizers"))) {
            return ListType.ATOMIC; // a namespace's spec.finalizers
        }
        if (name.equals("conditions") && fieldNames.size() > 0 && !fieldNames.get(0).equals("status")) {
            return ListType.ATOMIC;
        }
        return BY_NAME.getOrDefault(name, ListType.ATOMIC);
    }

    @Override
    public boolean atomicMap(List<String> fieldNames) {
        return !fieldNames.isEmpty() && ATOMIC_MAPS.contains(fieldNames.get(fieldNames.size() - 1))
                && !fieldNames.get(0).equals("metadata");
    }

    @Override
    public boolean alwaysPresent(List<String> fieldNames) {
        return fieldNames.isEmpty() || NON_POINTER_STRUCTS.contains(fieldNames.get(fieldNames.size() - 1));
    }
}

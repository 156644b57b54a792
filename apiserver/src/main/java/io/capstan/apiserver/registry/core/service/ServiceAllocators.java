package io.capstan.apiserver.registry.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.FinishFunc;
import io.capstan.apiserver.registry.StoreHooks;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.apiserver.storage.Storage;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Cluster IP and node port allocation for Services, after upstream's service {@code Allocators}:
 * on create a requested {@code clusterIP} is reserved or refused (422), otherwise the next free one is
 * taken; NodePort and LoadBalancer services get node ports the same way; the IP family fields get
 * their defaults (single-stack IPv4); on update type changes allocate or release; on delete all is
 * released. Allocations live in storage ({@link RangeAllocation}), so they survive restarts.
 */
public final class ServiceAllocators implements StoreHooks {
    /** Where services are stored, scanned to rebuild a missing bitmap. */
    private static final String SERVICES_PREFIX = "/registry/services/specs/";

    private final ServiceIPRange ipRange;
    private final PortRange portRange;
    private final RangeAllocation ips;
    private final RangeAllocation nodePorts;

    public ServiceAllocators(Storage storage, ServiceIPRange ipRange, PortRange portRange) {
        this.ipRange = ipRange;
        this.portRange = portRange;
        this.ips = new RangeAllocation(storage, "/registry/ranges/serviceips", ipRange.cidr(), ipRange.size(),
                () -> inUse(storage, svc -> List.of(ipRange.offsetOf(svc.path("spec").path("clusterIP").asText("")))));
        this.nodePorts = new RangeAllocation(storage, "/registry/ranges/servicenodeports", portRange.toString(), portRange.size(),
                () -> inUse(storage, svc -> nodePortsOf(svc).stream().map(portRange::offsetOf).toList()));
    }

    private static BitSet inUse(Storage storage, Function<JsonNode, List<Integer>> offsets) {
        BitSet bits = new BitSet();
        for (KeyValue kv : storage.range(SERVICES_PREFIX, null, 0, 0).items()) {
            for (int o : offsets.apply(Json.tree(kv.value()))) {
                if (o >= 0) {
                    bits.set(o);
                }
            }
        }
        return bits;
    }

    @Override
    public FinishFunc beginCreate(ObjectNode svc, boolean dryRun) {
        ObjectNode spec = spec(svc);
        if (isExternalName(spec)) {
            return FinishFunc.NOOP;
        }
        Transaction tx = new Transaction(dryRun);
        try {
            initIPFamilyFields(svc, null);
            allocateClusterIP(svc, tx);
            allocateNodePorts(svc, Set.of(), tx);
        } catch (RuntimeException e) {
            tx.finish(false);
            throw e;
        }
        return tx;
    }

    @Override
    public FinishFunc beginUpdate(ObjectNode svc, ObjectNode old, boolean dryRun) {
        ObjectNode spec = spec(svc);
        JsonNode oldSpec = old.path("spec");
        Transaction tx = new Transaction(dryRun);
        try {
            boolean wasExternal = isExternalName(oldSpec);
            boolean isExternal = isExternalName(spec);
            if (wasExternal && !isExternal) {
                initIPFamilyFields(svc, null);
                allocateClusterIP(svc, tx);
            } else if (!wasExternal && isExternal) {
                tx.releaseOnCommit(ips, ipRange.offsetOf(oldSpec.path("clusterIP").asText("")));
                for (String f : List.of("clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy")) {
                    if (spec.path(f).equals(oldSpec.path(f))) {
                        spec.remove(f);
                    }
                }
            }
            Set<Long> oldPorts = new HashSet<>(nodePortsOf(old));
            if (needsNodePorts(spec)) {
                allocateNodePorts(svc, oldPorts, tx);
            } else {
                for (JsonNode p : spec.path("ports")) {
                    // dropTypeDependentFields: node ports carried over from the old type go away with it
                    if (p instanceof ObjectNode port && oldPorts.contains(port.path("nodePort").asLong(0))) {
                        port.remove("nodePort");
                    }
                }
            }
            Set<Long> kept = new HashSet<>(nodePortsOf(svc));
            for (long p : oldPorts) {
                if (!kept.contains(p)) {
                    tx.releaseOnCommit(nodePorts, portRange.offsetOf(p));
                }
            }
        } catch (RuntimeException e) {
            tx.finish(false);
            throw e;
        }
        return tx;
    }

    @Override
    public void afterDelete(ObjectNode svc) {
        ips.release(ipRange.offsetOf(svc.path("spec").path("clusterIP").asText("")));
        for (long p : nodePortsOf(svc)) {
            nodePorts.release(portRange.offsetOf(p));
        }
    }

    /** Upstream's {@code initIPFamilyFields} for a single-stack IPv4 cluster. */
    private void initIPFamilyFields(ObjectNode svc, ObjectNode old) {
        ObjectNode spec = spec(svc);
        boolean headless = "None".equals(spec.path("clusterIP").asText(""));
        boolean selectorless = spec.path("selector").isEmpty();
        if (!spec.hasNonNull("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", headless && selectorless ? "RequireDualStack" : "SingleStack");
        }
        String policy = spec.path("ipFamilyPolicy").asText();
        List<StatusCause> causes = new ArrayList<>();
        JsonNode clusterIPs = spec.path("clusterIPs");
        if (!headless) {
            for (int i = 0; i < clusterIPs.size(); i++) {
                String ip = clusterIPs.get(i).asText("");
                if (!ip.isEmpty() && !ServiceIPRange.isIPv4(ip)) {
                    causes.add(Statuses.cause("FieldValueInvalid", "spec.clusterIPs[" + i + "]",
                            "Invalid value: " + goStrings(clusterIPs) + ": IPv6 is not configured on this cluster"));
                }
            }
        }
        ArrayNode families = spec.path("ipFamilies").isArray() ? (ArrayNode) spec.get("ipFamilies") : spec.putArray("ipFamilies");
        if (headless && selectorless) {
            if (families.isEmpty()) {
                families.add("IPv4");
            }
            if (families.size() < 2 && !"SingleStack".equals(policy)) {
                families.add(families.get(0).asText().equals("IPv4") ? "IPv6" : "IPv4");
            }
            throwIfAny(svc, causes);
            return;
        }
        if ("RequireDualStack".equals(policy)) {
            causes.add(Statuses.cause("FieldValueInvalid", "spec.ipFamilyPolicy",
                    "Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"));
        }
        for (int i = 0; i < families.size(); i++) {
            if (!"IPv4".equals(families.get(i).asText())) {
                causes.add(Statuses.cause("FieldValueInvalid", "spec.ipFamilies[" + i + "]",
                        "Invalid value: \"" + families.get(i).asText() + "\": not configured on this cluster"));
            }
        }
        throwIfAny(svc, causes);
        if (families.isEmpty()) {
            families.add("IPv4");
        }
    }

    private void allocateClusterIP(ObjectNode svc, Transaction tx) {
        ObjectNode spec = spec(svc);
        String requested = spec.path("clusterIP").asText("");
        if ("None".equals(requested)) {
            spec.putArray("clusterIPs").add("None");
            return;
        }
        String ip;
        if (requested.isEmpty()) {
            int offset = ips.allocateNext(ipRange.dynamicOffset(), tx.dryRun);
            if (offset < 0) {
                throw Statuses.internal("failed to allocate a serviceIP: range is full");
            }
            tx.releaseOnRevert(ips, offset);
            ip = ipRange.ipAt(offset);
        } else {
            int offset = ipRange.offsetOf(requested);
            String why = offset < 0 ? "provided IP is not in the valid range. The range of valid IPs is " + ipRange.cidr()
                    : !ips.allocate(offset, tx.dryRun) ? "provided IP is already allocated" : null;
            if (why != null) {
                throw Statuses.invalid("", "Service", name(svc), List.of(Statuses.cause("FieldValueInvalid", "spec.clusterIPs",
                        "Invalid value: " + goStrings(spec.path("clusterIPs").isEmpty() ? Json.MAPPER.createArrayNode().add(requested)
                                : spec.get("clusterIPs")) + ": failed to allocate IP " + requested + ": " + why)));
            }
            tx.releaseOnRevert(ips, offset);
            ip = requested;
        }
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
    }

    /** Upstream's {@code initNodePorts}/{@code updateNodePorts}; {@code owned} are the node ports the service already holds. */
    private void allocateNodePorts(ObjectNode svc, Set<Long> owned, Transaction tx) {
        ObjectNode spec = spec(svc);
        if (!needsNodePorts(spec)) {
            return;
        }
        boolean allocateNew = !"LoadBalancer".equals(spec.path("type").asText())
                || spec.path("allocateLoadBalancerNodePorts").asBoolean(true);
        Map<Long, Long> byServicePort = new HashMap<>();
        Set<Long> taken = new HashSet<>();
        JsonNode ports = spec.path("ports");
        for (int i = 0; i < ports.size(); i++) {
            if (!(ports.get(i) instanceof ObjectNode port)) {
                continue;
            }
            long requested = port.path("nodePort").asLong(0);
            long servicePort = port.path("port").asLong(0);
            if (requested == 0) {
                Long shared = byServicePort.get(servicePort);
                if (shared != null) {
                    port.put("nodePort", shared);
                    continue;
                }
                if (!allocateNew) {
                    continue;
                }
                int offset = nodePorts.allocateNext(portRange.dynamicOffset(), tx.dryRun);
                if (offset < 0) {
                    throw Statuses.internal("failed to allocate a nodePort: range is full");
                }
                tx.releaseOnRevert(nodePorts, offset);
                long np = portRange.base() + offset;
                port.put("nodePort", np);
                byServicePort.put(servicePort, np);
                taken.add(np);
                continue;
            }
            byServicePort.putIfAbsent(servicePort, requested);
            if (owned.contains(requested) || taken.contains(requested)) {
                continue;
            }
            int offset = portRange.offsetOf(requested);
            String why = offset < 0 ? "provided port is not in the valid range. The range of valid ports is " + portRange
                    : !nodePorts.allocate(offset, tx.dryRun) ? "provided port is already allocated" : null;
            if (why != null) {
                throw Statuses.invalid("", "Service", name(svc), List.of(Statuses.cause("FieldValueInvalid",
                        "spec.ports[" + i + "].nodePort", "Invalid value: " + requested + ": " + why)));
            }
            tx.releaseOnRevert(nodePorts, offset);
            taken.add(requested);
        }
    }

    private static boolean needsNodePorts(JsonNode spec) {
        String type = spec.path("type").asText("");
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    private static boolean isExternalName(JsonNode spec) {
        return "ExternalName".equals(spec.path("type").asText());
    }

    static List<Long> nodePortsOf(JsonNode svc) {
        List<Long> out = new ArrayList<>();
        for (JsonNode p : svc.path("spec").path("ports")) {
            long np = p.path("nodePort").asLong(0);
            if (np != 0 && !out.contains(np)) {
                out.add(np);
            }
        }
        long hc = svc.path("spec").path("healthCheckNodePort").asLong(0);
        if (hc != 0 && !out.contains(hc)) {
            out.add(hc);
        }
        return out;
    }

    private static ObjectNode spec(ObjectNode svc) {
        return svc.path("spec") instanceof ObjectNode s ? s : svc.putObject("spec");
    }

    private static String name(ObjectNode svc) {
        return svc.path("metadata").path("name").asText("");
    }

    /** A Go {@code []string{...}} literal, as upstream's field errors print string slices. */
    private static String goStrings(JsonNode values) {
        StringBuilder sb = new StringBuilder("[]string{");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(values.get(i).asText()).append('"');
        }
        return sb.append('}').toString();
    }

    private static void throwIfAny(ObjectNode svc, List<StatusCause> causes) {
        if (!causes.isEmpty()) {
            StatusException e = Statuses.invalid("", "Service", name(svc), causes);
            throw e;
        }
    }

    /** What one create or update allocated (released if the write fails) and will release (once it succeeds). */
    private static final class Transaction implements FinishFunc {
        private final boolean dryRun;
        private final List<Runnable> onRevert = new ArrayList<>();
        private final List<Runnable> onCommit = new ArrayList<>();

        Transaction(boolean dryRun) {
            this.dryRun = dryRun;
        }

        void releaseOnRevert(RangeAllocation range, int offset) {
            if (!dryRun) {
                onRevert.add(() -> range.release(offset));
            }
        }

        void releaseOnCommit(RangeAllocation range, int offset) {
            if (!dryRun && offset >= 0) {
                onCommit.add(() -> range.release(offset));
            }
        }

        @Override
        public void finish(boolean success) {
            (success ? onCommit : onRevert).forEach(Runnable::run);
            onCommit.clear();
            onRevert.clear();
        }
    }
}

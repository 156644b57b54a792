package io.capstan.common.leaderelection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link ResourceLock} on a {@code coordination.k8s.io/v1} Lease, as client-go's {@code LeaseLock}:
 * the record lives in the Lease's spec, and every update carries the {@code resourceVersion} last seen.
 */
public final class LeaseLock implements ResourceLock {
    /** The resource the lock lives in. */
    public static final GroupVersionResource LEASES = new GroupVersionResource("coordination.k8s.io", "v1", "leases");

    private final ResourceInterface leases;
    private final String namespace;
    private final String name;
    private final String identity;
    private final AtomicReference<ObjectNode> lastSeen = new AtomicReference<>();

    /**
     * @param client    the client the lease is read and written with
     * @param namespace the lease's namespace, e.g. {@code kube-system}
     * @param name      the lease's name, e.g. {@code kube-controller-manager}
     * @param identity  this candidate's identity
     */
    public LeaseLock(RestClient client, String namespace, String name, String identity) {
        this(client.resource(LEASES), namespace, name, identity);
    }

    LeaseLock(ResourceInterface leases, String namespace, String name, String identity) {
        this.leases = leases.namespace(namespace);
        this.namespace = namespace;
        this.name = name;
        this.identity = identity;
    }

    @Override
    public LeaderElectionRecord get() {
        ObjectNode lease;
        try {
            lease = leases.get(name);
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return null;
            }
            throw e;
        }
        lastSeen.set(lease);
        return toRecord(lease.path("spec"));
    }

    @Override
    public void create(LeaderElectionRecord record) {
        ObjectNode lease = JsonNodeFactory.instance.objectNode();
        lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        lease.putObject("metadata").put("name", name).put("namespace", namespace);
        lease.set("spec", toSpec(record));
        lastSeen.set(leases.create(lease));
    }

    @Override
    public void update(LeaderElectionRecord record) {
        ObjectNode seen = lastSeen.get();
        if (seen == null) {
            throw new IllegalStateException("lease " + describe() + " not read yet; call get or create first");
        }
        ObjectNode lease = seen.deepCopy();
        // The copy keeps metadata.resourceVersion, which makes the PUT a compare-and-swap.
        lease.set("spec", toSpec(record));
        lastSeen.set(leases.update(lease));
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public String describe() {
        return namespace + "/" + name;
    }

    static ObjectNode toSpec(LeaderElectionRecord record) {
        ObjectNode spec = JsonNodeFactory.instance.objectNode();
        spec.put("holderIdentity", record.holderIdentity());
        spec.put("leaseDurationSeconds", record.leaseDurationSeconds());
        if (record.acquireTime() != null) {
            spec.put("acquireTime", LeaderElectionRecord.formatMicroTime(record.acquireTime()));
        }
        if (record.renewTime() != null) {
            spec.put("renewTime", LeaderElectionRecord.formatMicroTime(record.renewTime()));
        }
        spec.put("leaseTransitions", record.leaseTransitions());
        return spec;
    }

    static LeaderElectionRecord toRecord(JsonNode spec) {
        return new LeaderElectionRecord(spec.path("holderIdentity").asText(""), spec.path("leaseDurationSeconds").asInt(0),
                instant(spec.path("acquireTime")), instant(spec.path("renewTime")), spec.path("leaseTransitions").asInt(0));
    }

    private static Instant instant(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? Instant.parse(node.asText()) : null;
    }
}

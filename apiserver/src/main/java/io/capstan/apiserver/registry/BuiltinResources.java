package io.capstan.apiserver.registry;

import io.capstan.apiserver.registry.core.ConfigMapStrategy;
import io.capstan.apiserver.registry.core.EventStrategy;
import io.capstan.apiserver.registry.core.NamespaceStrategy;
import io.capstan.apiserver.registry.core.NodeStrategy;
import io.capstan.apiserver.registry.core.PodStrategy;
import io.capstan.apiserver.registry.core.SecretStrategy;
import io.capstan.apiserver.table.ConfigMapTable;
import io.capstan.apiserver.table.EventTable;
import io.capstan.apiserver.table.LeaseTable;
import io.capstan.apiserver.table.NamespaceTable;
import io.capstan.apiserver.table.NodeTable;
import io.capstan.apiserver.table.PodTable;
import io.capstan.apiserver.table.SecretTable;
import io.capstan.apiserver.table.ServiceAccountTable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

import java.util.List;

/** The built-in resources this server serves, with upstream's names, short names and storage keys. */
public final class BuiltinResources {
    private BuiltinResources() {
    }

    /** Every built-in resource definition. */
    public static List<ResourceDefinition> all() {
        return List.of(
                ResourceDefinition.builder("", "v1", "namespaces", "Namespace").clusterScoped().shortNames("ns")
                        .subresources("status", "finalize").returnDeletedObject()
                        .strategy(new NamespaceStrategy()).table(new NamespaceTable())
                        .model(Namespace.class).build(),
                ResourceDefinition.builder("", "v1", "pods", "Pod").shortNames("po").categories("all")
                        .subresources("status", "binding").returnDeletedObject()
                        .strategy(new PodStrategy()).table(new PodTable())
                        .model(Pod.class).build(),
                ResourceDefinition.builder("", "v1", "nodes", "Node").clusterScoped().shortNames("no")
                        .subresources("status").storagePrefix("minions")
                        .strategy(new NodeStrategy()).table(new NodeTable())
                        .model(Node.class).build(),
                ResourceDefinition.builder("", "v1", "configmaps", "ConfigMap").shortNames("cm")
                        .strategy(new ConfigMapStrategy("binaryData")).table(new ConfigMapTable())
                        .model(ConfigMap.class).build(),
                ResourceDefinition.builder("", "v1", "secrets", "Secret")
                        .strategy(new SecretStrategy()).table(new SecretTable())
                        .model(Secret.class).build(),
                ResourceDefinition.builder("", "v1", "serviceaccounts", "ServiceAccount").shortNames("sa")
                        .table(new ServiceAccountTable())
                        .model(ServiceAccount.class).build(),
                ResourceDefinition.builder("", "v1", "events", "Event").shortNames("ev")
                        .strategy(new EventStrategy()).table(new EventTable())
                        .model(Event.class).build(),
                ResourceDefinition.builder("coordination.k8s.io", "v1", "leases", "Lease")
                        .table(new LeaseTable())
                        .model(Lease.class).build());
    }
}

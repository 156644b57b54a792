package io.capstan.apiserver.registry;

import io.capstan.apiserver.registry.core.ConfigMapStrategy;
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
                        .strategy(new NamespaceStrategy()).table(new NamespaceTable()).build(),
                ResourceDefinition.builder("", "v1", "pods", "Pod").shortNames("po").categories("all")
                        .subresources("status", "binding").returnDeletedObject()
                        .strategy(new PodStrategy()).table(new PodTable()).build(),
                ResourceDefinition.builder("", "v1", "nodes", "Node").clusterScoped().shortNames("no")
                        .subresources("status").storagePrefix("minions")
                        .strategy(new NodeStrategy()).table(new NodeTable()).build(),
                ResourceDefinition.builder("", "v1", "configmaps", "ConfigMap").shortNames("cm")
                        .strategy(new ConfigMapStrategy("binaryData")).table(new ConfigMapTable()).build(),
                ResourceDefinition.builder("", "v1", "secrets", "Secret")
                        .strategy(new SecretStrategy()).table(new SecretTable()).build(),
                ResourceDefinition.builder("", "v1", "serviceaccounts", "ServiceAccount").shortNames("sa")
                        .table(new ServiceAccountTable()).build(),
                ResourceDefinition.builder("", "v1", "events", "Event").shortNames("ev")
                        .table(new EventTable()).build(),
                ResourceDefinition.builder("coordination.k8s.io", "v1", "leases", "Lease")
                        .table(new LeaseTable()).build());
    }
}

package io.capstan.apiserver.registry;

import io.capstan.apiserver.registry.apps.DaemonSetStrategy;
import io.capstan.apiserver.registry.apps.DeploymentStrategy;
import io.capstan.apiserver.registry.apps.ReplicaSetStrategy;
import io.capstan.apiserver.registry.apps.StatefulSetStrategy;
import io.capstan.apiserver.registry.batch.CronJobStrategy;
import io.capstan.apiserver.registry.batch.JobStrategy;
import io.capstan.apiserver.registry.certificates.CertificateSigningRequestStrategy;
import io.capstan.apiserver.registry.core.ConfigMapStrategy;
import io.capstan.apiserver.registry.events.EventsV1Conversion;
import io.capstan.apiserver.registry.events.EventsV1Strategy;
import io.capstan.apiserver.registry.core.EventStrategy;
import io.capstan.apiserver.registry.core.NamespaceStrategy;
import io.capstan.apiserver.registry.core.NodeStrategy;
import io.capstan.apiserver.registry.core.PodStrategy;
import io.capstan.apiserver.registry.core.ReplicationControllerStrategy;
import io.capstan.apiserver.registry.core.SecretStrategy;
import io.capstan.apiserver.registry.core.ServiceStrategy;
import io.capstan.apiserver.registry.rbac.RoleBindingStrategy;
import io.capstan.apiserver.registry.rbac.RoleStrategy;
import io.capstan.apiserver.registry.scheduling.PriorityClassStrategy;
import io.capstan.apiserver.registry.storage.CSIDriverStrategy;
import io.capstan.apiserver.registry.storage.StorageClassStrategy;
import io.capstan.apiserver.table.CSIDriverTable;
import io.capstan.apiserver.table.CSINodeTable;
import io.capstan.apiserver.table.CSIStorageCapacityTable;
import io.capstan.apiserver.table.CertificateSigningRequestTable;
import io.capstan.apiserver.table.ConfigMapTable;
import io.capstan.apiserver.table.ControllerRevisionTable;
import io.capstan.apiserver.table.CronJobTable;
import io.capstan.apiserver.table.DaemonSetTable;
import io.capstan.apiserver.table.DefaultTable;
import io.capstan.apiserver.table.DeploymentTable;
import io.capstan.apiserver.table.EndpointSliceTable;
import io.capstan.apiserver.table.EndpointsTable;
import io.capstan.apiserver.table.EventTable;
import io.capstan.apiserver.table.EventsV1EventTable;
import io.capstan.apiserver.table.FlowSchemaTable;
import io.capstan.apiserver.table.IngressClassTable;
import io.capstan.apiserver.table.IngressTable;
import io.capstan.apiserver.table.JobTable;
import io.capstan.apiserver.table.LeaseTable;
import io.capstan.apiserver.table.LimitRangeTable;
import io.capstan.apiserver.table.NamespaceTable;
import io.capstan.apiserver.table.NetworkPolicyTable;
import io.capstan.apiserver.table.NodeTable;
import io.capstan.apiserver.table.PersistentVolumeClaimTable;
import io.capstan.apiserver.table.PersistentVolumeTable;
import io.capstan.apiserver.table.PodDisruptionBudgetTable;
import io.capstan.apiserver.table.PodTable;
import io.capstan.apiserver.table.PodTemplateTable;
import io.capstan.apiserver.table.PriorityClassTable;
import io.capstan.apiserver.table.PriorityLevelConfigurationTable;
import io.capstan.apiserver.table.ReplicaSetTable;
import io.capstan.apiserver.table.ReplicationControllerTable;
import io.capstan.apiserver.table.ResourceQuotaTable;
import io.capstan.apiserver.table.RoleBindingTable;
import io.capstan.apiserver.table.RuntimeClassTable;
import io.capstan.apiserver.table.SecretTable;
import io.capstan.apiserver.table.ServiceAccountTable;
import io.capstan.apiserver.table.ServiceTable;
import io.capstan.apiserver.table.StatefulSetTable;
import io.capstan.apiserver.table.StorageClassTable;
import io.capstan.apiserver.table.VolumeAttachmentTable;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema;
import io.fabric8.kubernetes.api.model.flowcontrol.v1.PriorityLevelConfiguration;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.fabric8.kubernetes.api.model.storage.CSIDriver;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.CSIStorageCapacity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.VolumeAttachment;

import java.util.List;

/** The built-in resources this server serves, with upstream's names, short names and storage keys. */
public final class BuiltinResources {
    private BuiltinResources() {
    }

    /** Every built-in resource definition; groups in the order upstream's {@code /apis} lists them. */
    public static List<ResourceDefinition> all() {
        return List.of(
                ResourceDefinition.builder("", "v1", "namespaces", "Namespace").clusterScoped().shortNames("ns")
                        .subresources("status", "finalize").returnDeletedObject()
                        .strategy(new NamespaceStrategy()).table(new NamespaceTable())
                        .model(Namespace.class).build(),
                ResourceDefinition.builder("", "v1", "pods", "Pod").shortNames("po").categories("all")
                        .subresources("status", "binding", "eviction").returnDeletedObject()
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
                ResourceDefinition.builder("", "v1", "serviceaccounts", "ServiceAccount").shortNames("sa").subresources("token")
                        .table(new ServiceAccountTable())
                        .model(ServiceAccount.class).build(),
                ResourceDefinition.builder("", "v1", "events", "Event").shortNames("ev")
                        .strategy(new EventStrategy()).table(new EventTable())
                        .model(Event.class).build(),
                ResourceDefinition.builder("", "v1", "services", "Service").shortNames("svc").categories("all")
                        .subresources("status").storagePrefix("services/specs").returnDeletedObject()
                        .strategy(new ServiceStrategy()).table(new ServiceTable())
                        .model(Service.class).build(),
                ResourceDefinition.builder("", "v1", "endpoints", "Endpoints").shortNames("ep")
                        .storagePrefix("services/endpoints")
                        .table(new EndpointsTable())
                        .model(Endpoints.class).build(),
                ResourceDefinition.builder("", "v1", "limitranges", "LimitRange").shortNames("limits")
                        .table(new LimitRangeTable())
                        .model(LimitRange.class).build(),
                ResourceDefinition.builder("", "v1", "resourcequotas", "ResourceQuota").shortNames("quota")
                        .subresources("status")
                        .strategy(SpecStatusStrategy.status()).table(new ResourceQuotaTable())
                        .model(ResourceQuota.class).build(),
                ResourceDefinition.builder("", "v1", "podtemplates", "PodTemplate")
                        .table(new PodTemplateTable())
                        .model(PodTemplate.class).build(),
                ResourceDefinition.builder("", "v1", "replicationcontrollers", "ReplicationController")
                        .shortNames("rc").categories("all").subresources("status", "scale").storagePrefix("controllers")
                        .strategy(new ReplicationControllerStrategy()).table(new ReplicationControllerTable())
                        .model(ReplicationController.class).build(),
                ResourceDefinition.builder("", "v1", "persistentvolumes", "PersistentVolume").clusterScoped()
                        .shortNames("pv").subresources("status")
                        .strategy(SpecStatusStrategy.status(s -> {
                            s.put("phase", "Pending");
                            s.put("lastPhaseTransitionTime", GenericStore.now());
                        })).table(new PersistentVolumeTable())
                        .model(PersistentVolume.class).build(),
                ResourceDefinition.builder("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim")
                        .shortNames("pvc").subresources("status")
                        .strategy(SpecStatusStrategy.status(s -> s.put("phase", "Pending")))
                        .table(new PersistentVolumeClaimTable())
                        .model(PersistentVolumeClaim.class).build(),
                ResourceDefinition.builder("apps", "v1", "deployments", "Deployment").shortNames("deploy")
                        .categories("all").subresources("status", "scale")
                        .strategy(new DeploymentStrategy()).table(new DeploymentTable())
                        .model(Deployment.class).build(),
                ResourceDefinition.builder("apps", "v1", "replicasets", "ReplicaSet").shortNames("rs")
                        .categories("all").subresources("status", "scale")
                        .strategy(new ReplicaSetStrategy()).table(new ReplicaSetTable())
                        .model(ReplicaSet.class).build(),
                ResourceDefinition.builder("apps", "v1", "statefulsets", "StatefulSet").shortNames("sts")
                        .categories("all").subresources("status", "scale")
                        .strategy(new StatefulSetStrategy()).table(new StatefulSetTable())
                        .model(StatefulSet.class).build(),
                ResourceDefinition.builder("apps", "v1", "daemonsets", "DaemonSet").shortNames("ds")
                        .categories("all").subresources("status")
                        .strategy(new DaemonSetStrategy()).table(new DaemonSetTable())
                        .model(DaemonSet.class).build(),
                ResourceDefinition.builder("apps", "v1", "controllerrevisions", "ControllerRevision")
                        .table(new ControllerRevisionTable())
                        .model(ControllerRevision.class).build(),
                // Stored with the core Events in /registry/events, converted as upstream converts them.
                ResourceDefinition.builder("events.k8s.io", "v1", "events", "Event").shortNames("ev")
                        .storagePrefix("events").storageConversion(new EventsV1Conversion()).strategy(new EventsV1Strategy())
                        .table(new EventsV1EventTable())
                        .model(io.fabric8.kubernetes.api.model.events.v1.Event.class).build(),
                ResourceDefinition.builder("batch", "v1", "jobs", "Job").categories("all").subresources("status")
                        .strategy(new JobStrategy()).table(new JobTable())
                        .model(Job.class).build(),
                ResourceDefinition.builder("batch", "v1", "cronjobs", "CronJob").shortNames("cj").categories("all")
                        .subresources("status")
                        .strategy(new CronJobStrategy()).table(new CronJobTable())
                        .model(CronJob.class).build(),
                ResourceDefinition.builder("certificates.k8s.io", "v1", "certificatesigningrequests",
                                "CertificateSigningRequest").clusterScoped().shortNames("csr")
                        .subresources("status", "approval")
                        .strategy(new CertificateSigningRequestStrategy()).table(new CertificateSigningRequestTable())
                        .model(CertificateSigningRequest.class).build(),
                ResourceDefinition.builder("networking.k8s.io", "v1", "ingresses", "Ingress").shortNames("ing")
                        .subresources("status").storagePrefix("ingress")
                        .strategy(SpecStatusStrategy.statusAndGeneration()).table(new IngressTable())
                        .model(Ingress.class).build(),
                ResourceDefinition.builder("networking.k8s.io", "v1", "ingressclasses", "IngressClass").clusterScoped()
                        .strategy(SpecStatusStrategy.generation()).table(new IngressClassTable())
                        .model(IngressClass.class).build(),
                ResourceDefinition.builder("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy")
                        .shortNames("netpol")
                        .strategy(SpecStatusStrategy.generation()).table(new NetworkPolicyTable())
                        .model(NetworkPolicy.class).build(),
                ResourceDefinition.builder("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget")
                        .shortNames("pdb").subresources("status")
                        .strategy(SpecStatusStrategy.statusAndGeneration()).table(new PodDisruptionBudgetTable())
                        .model(PodDisruptionBudget.class).build(),
                ResourceDefinition.builder("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding")
                        .clusterScoped().strategy(new RoleBindingStrategy(false)).table(new RoleBindingTable())
                        .model(ClusterRoleBinding.class).build(),
                ResourceDefinition.builder("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole")
                        .clusterScoped().strategy(new RoleStrategy(false)).table(new DefaultTable())
                        .model(ClusterRole.class).build(),
                ResourceDefinition.builder("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding")
                        .strategy(new RoleBindingStrategy(true)).table(new RoleBindingTable())
                        .model(RoleBinding.class).build(),
                ResourceDefinition.builder("rbac.authorization.k8s.io", "v1", "roles", "Role")
                        .strategy(new RoleStrategy(true)).table(new DefaultTable())
                        .model(Role.class).build(),
                ResourceDefinition.builder("storage.k8s.io", "v1", "storageclasses", "StorageClass").clusterScoped()
                        .shortNames("sc")
                        .strategy(new StorageClassStrategy()).table(new StorageClassTable())
                        .model(StorageClass.class).build(),
                ResourceDefinition.builder("storage.k8s.io", "v1", "csidrivers", "CSIDriver").clusterScoped()
                        .strategy(new CSIDriverStrategy()).table(new CSIDriverTable())
                        .model(CSIDriver.class).build(),
                ResourceDefinition.builder("storage.k8s.io", "v1", "csinodes", "CSINode").clusterScoped()
                        .table(new CSINodeTable())
                        .model(CSINode.class).build(),
                ResourceDefinition.builder("storage.k8s.io", "v1", "csistoragecapacities", "CSIStorageCapacity")
                        .table(new CSIStorageCapacityTable())
                        .model(CSIStorageCapacity.class).build(),
                ResourceDefinition.builder("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment")
                        .clusterScoped().subresources("status")
                        .strategy(SpecStatusStrategy.status().statusKeepsObjectMeta()).table(new VolumeAttachmentTable())
                        .model(VolumeAttachment.class).build(),
                ResourceDefinition.builder("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass")
                        .clusterScoped().shortNames("pc")
                        .strategy(new PriorityClassStrategy()).table(new PriorityClassTable())
                        .model(PriorityClass.class).build(),
                ResourceDefinition.builder("coordination.k8s.io", "v1", "leases", "Lease")
                        .table(new LeaseTable())
                        .model(Lease.class).build(),
                ResourceDefinition.builder("node.k8s.io", "v1", "runtimeclasses", "RuntimeClass").clusterScoped()
                        .table(new RuntimeClassTable())
                        .model(RuntimeClass.class).build(),
                ResourceDefinition.builder("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice")
                        .table(new EndpointSliceTable())
                        .model(EndpointSlice.class).build(),
                ResourceDefinition.builder("flowcontrol.apiserver.k8s.io", "v1", "flowschemas", "FlowSchema")
                        .clusterScoped().subresources("status")
                        .strategy(SpecStatusStrategy.statusAndGeneration().statusKeepsObjectMeta()).table(new FlowSchemaTable())
                        .model(FlowSchema.class).build(),
                ResourceDefinition.builder("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations",
                                "PriorityLevelConfiguration").clusterScoped().subresources("status")
                        .strategy(SpecStatusStrategy.statusAndGeneration().statusKeepsObjectMeta()).table(new PriorityLevelConfigurationTable())
                        .model(PriorityLevelConfiguration.class).build());
    }
}

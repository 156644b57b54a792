package io.capstan.apiserver.openapi;

import io.capstan.apiserver.apply.FieldTypes;
import io.capstan.apiserver.apply.ListType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Apply's list and map types per kind, checked against upstream's Go markers (k8s.io/api 1.32). */
class ModelFieldTypesTest {
    private static final String CORE = "io.fabric8.kubernetes.api.model.";

    private static FieldTypes types(String model) throws ClassNotFoundException {
        return ModelFieldTypes.of(Class.forName(model.startsWith("io.") ? model : CORE + model));
    }

    private static List<String> path(String dotted) {
        return List.of(dotted.split("\\."));
    }

    @ParameterizedTest(name = "{0} {1}: {2} {3}")
    @CsvSource(delimiter = '|', value = {
            // model class | field path | list type | keys (key=default)
            "Service | spec.ports | MAP | port,protocol=TCP",
            "Service | spec.clusterIPs | ATOMIC |",
            "Service | spec.externalIPs | ATOMIC |",
            "Pod | spec.tolerations | ATOMIC |",
            "Pod | spec.volumes | MAP | name",
            "Pod | spec.containers | MAP | name",
            "Pod | spec.initContainers | MAP | name",
            "Pod | spec.containers.env | MAP | name",
            "Pod | spec.containers.ports | MAP | containerPort,protocol=TCP",
            "Pod | spec.containers.volumeMounts | MAP | mountPath",
            "Pod | spec.containers.args | ATOMIC |",
            "Pod | spec.containers.envFrom | ATOMIC |",
            "Pod | spec.imagePullSecrets | MAP | name",
            "Pod | spec.hostAliases | MAP | ip",
            "Pod | spec.topologySpreadConstraints | MAP | topologyKey,whenUnsatisfiable",
            "Pod | spec.readinessGates | ATOMIC |",
            "Pod | status.conditions | MAP | type",
            "Pod | status.podIPs | MAP | ip",
            "Pod | status.containerStatuses | ATOMIC |",
            "Pod | metadata.finalizers | SET |",
            "Pod | metadata.ownerReferences | MAP | uid",
            "Node | spec.taints | ATOMIC |",
            "Node | spec.podCIDRs | SET |",
            "Node | status.addresses | MAP | type",
            "Node | status.conditions | MAP | type",
            "Node | status.images | ATOMIC |",
            "Namespace | spec.finalizers | ATOMIC |",
            "ServiceAccount | secrets | MAP | name",
            "ServiceAccount | imagePullSecrets | ATOMIC |",
            "Endpoints | subsets | ATOMIC |",
            "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy | spec.ingress | ATOMIC |",
            "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy | spec.egress | ATOMIC |",
            "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy | spec.policyTypes | ATOMIC |",
            "io.fabric8.kubernetes.api.model.apps.Deployment | spec.template.spec.containers | MAP | name",
            "io.fabric8.kubernetes.api.model.apps.Deployment | spec.template.spec.containers.ports | MAP | containerPort,protocol=TCP",
            "io.fabric8.kubernetes.api.model.apps.Deployment | status.conditions | MAP | type",
            "io.fabric8.kubernetes.api.model.apps.StatefulSet | spec.volumeClaimTemplates | ATOMIC |",
            "io.fabric8.kubernetes.api.model.batch.v1.Job | status.conditions | ATOMIC |",
            "io.fabric8.kubernetes.api.model.batch.v1.CronJob | spec.jobTemplate.spec.template.spec.volumes | MAP | name",
            "io.fabric8.kubernetes.api.model.batch.v1.CronJob | status.active | ATOMIC |",
            "ConfigMap | data | ATOMIC |",
            "io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema | status.conditions | MAP | type",
            "io.fabric8.kubernetes.api.model.flowcontrol.v1.FlowSchema | spec.rules | ATOMIC |",
            "io.fabric8.kubernetes.api.model.storage.CSINode | spec.drivers | MAP | name",
            "io.fabric8.kubernetes.api.model.storage.CSIDriver | spec.volumeLifecycleModes | SET |",
            "io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice | endpoints | ATOMIC |",
    })
    void listTypesFollowUpstream(String model, String field, ListType.Kind kind, String keys) throws Exception {
        ListType expected = switch (kind) {
            case ATOMIC -> ListType.ATOMIC;
            case SET -> ListType.SET;
            case MAP -> {
                List<String> names = Arrays.stream(keys.split(",")).map(k -> k.split("=")[0]).toList();
                Map<String, Object> defaults = new java.util.HashMap<>();
                Arrays.stream(keys.split(",")).filter(k -> k.contains("=")).forEach(k -> defaults.put(k.split("=")[0], k.split("=")[1]));
                yield ListType.map(names.toArray(String[]::new)).withDefaults(defaults);
            }
        };
        assertEquals(expected, types(model).list(path(field)));
    }

    @ParameterizedTest(name = "{0} {1}: atomic={2}")
    @CsvSource(delimiter = '|', value = {
            // model class | field path | atomic map or struct
            "ConfigMap | data | false",
            "ConfigMap | metadata.labels | false",
            "Secret | data | false",
            "Pod | spec.nodeSelector | true",
            "Pod | spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution | true",
            "Pod | spec.containers.env.valueFrom.configMapKeyRef | true",
            "Pod | spec.containers.resources.limits | false",
            "Pod | spec.securityContext | false",
            "Service | spec.selector | true",
            "ReplicationController | spec.selector | true",
            "io.fabric8.kubernetes.api.model.apps.Deployment | spec.selector | true",
            "io.fabric8.kubernetes.api.model.apps.Deployment | spec.template.metadata.labels | false",
            "io.fabric8.kubernetes.api.model.apps.Deployment | spec.template.spec.nodeSelector | true",
            "io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy | spec.podSelector | true",
            "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget | spec.selector | true",
    })
    void mapTypesFollowUpstream(String model, String field, boolean atomic) throws Exception {
        assertEquals(atomic, types(model).atomicMap(path(field)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "Pod | spec.unknownField",
            "Pod | spec.containers.unknown.deeper",
    })
    void fieldsOutsideTheSchemaAreAtomicListsAndGranularMaps(String model, String field) throws Exception {
        assertEquals(ListType.ATOMIC, types(model).list(path(field)));
        assertEquals(false, types(model).atomicMap(path(field)));
    }
}

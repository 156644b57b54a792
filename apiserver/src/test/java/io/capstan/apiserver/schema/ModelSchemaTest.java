package io.capstan.apiserver.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Unknown-field pruning of typed objects, with the field paths upstream's strict decoder reports. */
class ModelSchemaTest {
    private static final ModelSchema POD = ModelSchema.of(Pod.class);

    /** A pod using maps, lists, IntOrString, Quantity and timestamps: nothing in it is unknown. */
    private static final String KNOWN_POD = """
            {'apiVersion':'v1','kind':'Pod',
             'metadata':{'name':'p','namespace':'ns','labels':{'app':'web','app.kubernetes.io/name':'web'},
               'annotations':{'example.com/any':'thing'},'finalizers':['example.com/f'],
               'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs','uid':'u1','controller':true}],
               'creationTimestamp':'2024-01-01T00:00:00Z'},
             'spec':{'nodeSelector':{'disk':'ssd'},'restartPolicy':'Always','terminationGracePeriodSeconds':30,
               'containers':[{'name':'c','image':'nginx','args':['-g','daemon off;'],
                 'ports':[{'containerPort':80,'name':'http','protocol':'TCP'}],
                 'env':[{'name':'A','value':'1'},{'name':'B','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}],
                 'resources':{'requests':{'cpu':'100m','memory':'64Mi'},'limits':{'memory':'1Gi'}},
                 'livenessProbe':{'httpGet':{'path':'/healthz','port':'http'},'periodSeconds':10},
                 'readinessProbe':{'tcpSocket':{'port':8080}},
                 'volumeMounts':[{'name':'v','mountPath':'/data'}]}],
               'volumes':[{'name':'v','emptyDir':{'sizeLimit':'1Gi'}}],
               'tolerations':[{'key':'k','operator':'Exists','effect':'NoSchedule'}],
               'overhead':{'cpu':'10m'}},
             'status':{'phase':'Running','podIP':'10.0.0.1','conditions':[{'type':'Ready','status':'True','lastTransitionTime':'2024-01-01T00:00:00Z'}],
               'containerStatuses':[{'name':'c','ready':true,'restartCount':0,'image':'nginx','imageID':'','state':{'running':{'startedAt':'2024-01-01T00:00:00Z'}}}]}}
            """;

    @Test
    void keepsEveryKnownField() {
        ObjectNode pod = obj(KNOWN_POD);
        assertEquals(List.of(), POD.prune(pod));
        assertEquals(obj(KNOWN_POD), pod);
    }

    @Test
    void keepsOpaqueManagedFieldsContent() {
        String text = """
                {"metadata":{"name":"p","managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
                  "time":"2024-01-01T00:00:00Z","fieldsType":"FieldsV1",
                  "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                              "f:spec":{"f:containers":{"k:{\\"name\\":\\"c\\"}":{".":{},"f:image":{}}}}}}]}}
                """;
        ObjectNode pod = obj(text);
        assertEquals(List.of(), POD.prune(pod));
        assertEquals(obj(text), pod);
    }

    static Stream<Arguments> unknownFields() {
        return Stream.of(
                arguments("a top-level field", "{'metadata':{'name':'p'},'foo':1}", List.of("foo"), "{'metadata':{'name':'p'}}"),
                arguments("a field in metadata", "{'metadata':{'name':'p','bogus':{'x':1}}}", List.of("metadata.bogus"),
                        "{'metadata':{'name':'p'}}"),
                arguments("a misspelt container field", "{'spec':{'containers':[{'name':'c','imagee':'nginx'}]}}",
                        List.of("spec.containers[0].imagee"), "{'spec':{'containers':[{'name':'c'}]}}"),
                arguments("a field of the second container", "{'spec':{'containers':[{'name':'a'},{'name':'b','x':1}]}}",
                        List.of("spec.containers[1].x"), "{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}"),
                arguments("deep in a probe", "{'spec':{'containers':[{'name':'c','livenessProbe':{'httpGet':{'port':80,'paht':'/'}}}]}}",
                        List.of("spec.containers[0].livenessProbe.httpGet.paht"),
                        "{'spec':{'containers':[{'name':'c','livenessProbe':{'httpGet':{'port':80}}}]}}"),
                arguments("a status field", "{'status':{'phase':'Running','phaze':'x'}}", List.of("status.phaze"),
                        "{'status':{'phase':'Running'}}"),
                arguments("several, in document order",
                        "{'zzz':1,'metadata':{'name':'p','aaa':1},'spec':{'bogus':true,'containers':[{'name':'c','imagee':'x','image':'y'}]},'aaa':2}",
                        List.of("zzz", "metadata.aaa", "spec.bogus", "spec.containers[0].imagee", "aaa"),
                        "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'y'}]}}"),
                arguments("a field named like a map key elsewhere", "{'metadata':{'name':'p','app':'web'}}", List.of("metadata.app"),
                        "{'metadata':{'name':'p'}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownFields")
    void prunesUnknownFields(String name, String object, List<String> paths, String pruned) {
        ObjectNode pod = obj(object);
        assertEquals(paths, POD.prune(pod));
        assertEquals(obj(pruned), pod);
    }

    @Test
    void valuesOfMapsAndScalarTypesAreNotInspected() {
        // IntOrString and Quantity are scalars in JSON; values of the wrong shape are left for validation.
        String text = "{'spec':{'containers':[{'name':'c','resources':{'requests':{'cpu':{'odd':1}}},"
                + "'livenessProbe':{'httpGet':{'port':{'odd':1}}}}]},'metadata':{'labels':{'a':{'odd':1}}}}";
        ObjectNode pod = obj(text);
        assertEquals(List.of(), POD.prune(pod));
        assertEquals(obj(text), pod);
    }

    @Test
    void otherKindsHaveTheirOwnFields() {
        ObjectNode cm = obj("{'metadata':{'name':'c'},'data':{'k':'v'},'binaryData':{'b':'AA=='},'immutable':true,'spec':{}}");
        assertEquals(List.of("spec"), ModelSchema.of(ConfigMap.class).prune(cm));
        ObjectNode node = obj("{'metadata':{'name':'n'},'spec':{'unschedulable':true,'taints':[{'key':'k','effect':'NoSchedule','valu':'x'}]},"
                + "'status':{'capacity':{'cpu':'4'},'nodeInfo':{'kubeletVersion':'v1.31.0'}}}");
        assertEquals(List.of("spec.taints[0].valu"), ModelSchema.of(Node.class).prune(node));
    }

    private static ObjectNode obj(String singleQuoted) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

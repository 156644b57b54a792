package io.capstan.apiserver.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ModelSchema#typeError}: values of the wrong JSON type, found as Go's decoder finds them. */
class UnmarshalTypeErrorTest {
    private static final ModelSchema POD = ModelSchema.of(Pod.class);

    private static final String VALID_POD = """
            {'apiVersion':'v1','kind':'Pod',
             'metadata':{'name':'p','namespace':'ns','labels':{'app':'web'},'annotations':{'a':'b'},
               'finalizers':['example.com/f'],'generation':3,'creationTimestamp':'2024-01-01T00:00:00Z',
               'ownerReferences':[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs','uid':'u1','controller':true}],
               'managedFields':[{'manager':'m','operation':'Update','fieldsType':'FieldsV1','fieldsV1':{'f:spec':{}}}]},
             'spec':{'nodeSelector':{'disk':'ssd'},'terminationGracePeriodSeconds':30,'hostNetwork':false,
               'containers':[{'name':'c','image':'nginx','args':['-g'],'ports':[{'containerPort':80,'protocol':'TCP'}],
                 'resources':{'requests':{'cpu':'100m','memory':'64Mi'},'limits':{'cpu':1,'memory':'1Gi'}},
                 'livenessProbe':{'httpGet':{'path':'/healthz','port':'http'}},'readinessProbe':{'tcpSocket':{'port':8080}}}],
               'tolerations':[{'key':'k','operator':'Exists','tolerationSeconds':300}],
               'volumes':[{'name':'v','emptyDir':{'sizeLimit':'1Gi'}}]},
             'status':{'phase':'Pending','conditions':[{'type':'Ready','status':'False','lastTransitionTime':null}]}}
            """;

    @Test
    void aValidPodHasNoTypeError() {
        assertEquals(java.util.Optional.empty(), POD.typeError(json(VALID_POD)));
    }

    @Test
    void nullFitsEveryField() {
        assertTrue(POD.typeError(json("{'metadata':{'name':null,'labels':null},'spec':{'containers':null}}")).isEmpty());
    }

    @Test
    void theMessageIsGoWording() {
        UnmarshalTypeError e = POD.typeError(json("{'metadata':{'name':5}}")).orElseThrow();
        assertEquals("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string", e.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'metadata':'x'}                                                  | string        | metadata                          | v1.ObjectMeta",
            "{'metadata':{'labels':[1]}}                                       | array         | metadata.labels                   | map[string]string",
            "{'metadata':{'labels':{'a':1}}}                                   | number        | metadata.labels                   | string",
            "{'metadata':{'annotations':{'a':{'b':'c'}}}}                      | object        | metadata.annotations              | string",
            "{'metadata':{'finalizers':'f'}}                                   | string        | metadata.finalizers               | []string",
            "{'metadata':{'generation':'3'}}                                   | string        | metadata.generation               | int64",
            "{'metadata':{'generation':1.5}}                                   | number 1.5    | metadata.generation               | int64",
            "{'metadata':{'ownerReferences':[{'controller':'yes'}]}}           | string        | metadata.ownerReferences.controller | bool",
            "{'metadata':{'creationTimestamp':'yesterday'}}                    | string \"yesterday\" | metadata.creationTimestamp  | v1.Time",
            "{'spec':'s'}                                                      | string        | spec                              | v1.PodSpec",
            "{'spec':{'containers':{'name':'c'}}}                              | object        | spec.containers                   | []v1.Container",
            "{'spec':{'containers':[{'ports':[{'containerPort':'80'}]}]}}      | string        | spec.containers.ports.containerPort | int32",
            "{'spec':{'containers':[{'ports':[{'containerPort':3000000000}]}]}} | number 3000000000 | spec.containers.ports.containerPort | int32",
            "{'spec':{'containers':[{'resources':{'limits':{'cpu':'lots'}}}]}} | string \"lots\" | spec.containers.resources.limits | resource.Quantity",
            "{'spec':{'containers':[{'livenessProbe':{'httpGet':{'port':true}}}]}} | bool      | spec.containers.livenessProbe.httpGet.port | int32",
            "{'spec':{'hostNetwork':'true'}}                                   | string        | spec.hostNetwork                  | bool",
    })
    void wrongTypesAreFound(String pod, String value, String field, String type) {
        UnmarshalTypeError e = POD.typeError(json(pod)).orElseThrow(() -> new AssertionError("no type error in " + pod));
        assertEquals(value, e.value());
        assertEquals(field, e.field());
        assertEquals(type, e.type());
    }

    @Test
    void otherKinds() {
        assertEquals("spec.replicas", ModelSchema.of(Deployment.class).typeError(json("{'spec':{'replicas':'3'}}")).orElseThrow().field());
        assertEquals("data", ModelSchema.of(ConfigMap.class).typeError(json("{'data':['a']}")).orElseThrow().field());
        assertEquals("spec.ports.targetPort", ModelSchema.of(Service.class)
                .typeError(json("{'spec':{'ports':[{'port':80,'targetPort':1.5}]}}")).orElseThrow().field());
        assertTrue(ModelSchema.of(Service.class).typeError(json("{'spec':{'ports':[{'port':80,'targetPort':'http'}]}}")).isEmpty());
    }

    private static JsonNode json(String s) {
        try {
            return Json.MAPPER.readTree(s.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.capstan.apiserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.openapi.ModelFieldTypes;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TypedObjectTest {

    private static ObjectNode json(String s) {
        return Json.object(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private static final FieldTypes DEPLOYMENT = ModelFieldTypes.of(Deployment.class);
    private static final FieldTypes POD = ModelFieldTypes.of(Pod.class);

    private static TypedObject typed(String s) {
        return typed("Deployment", s);
    }

    /** {@code s} typed as a Deployment or a Pod. */
    private static TypedObject typed(String kind, String s) {
        return new TypedObject(json(s), kind.equals("Pod") ? POD : DEPLOYMENT);
    }

    @Test
    void toFieldSetOwnsLeavesListItemsAndAtomicValues() {
        TypedObject deployment = typed("""
                {'spec':{'replicas':2,'selector':{'matchLabels':{'app':'x'}},'template':{'metadata':{'labels':{'app':'x'}},
                'spec':{'containers':[{'name':'c','image':'i','args':['a','b'],'ports':[{'containerPort':80}]}],
                'volumes':[{'name':'v','emptyDir':{}}]}}}}""");
        FieldSet expected = FieldSet.fromFieldsV1(json("""
                {'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},
                'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'.':{},'f:name':{},'f:image':{},'f:args':{},
                'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}},
                'f:volumes':{'k:{\\'name\\':\\'v\\'}':{'.':{},'f:name':{},'f:emptyDir':{}}}}}}}"""));
        assertEquals(expected, deployment.toFieldSet());
    }

    @Test
    void finalizersAreASet() {
        assertEquals(FieldSet.of(List.of("f:metadata", "f:finalizers", "v:\"a\""), List.of("f:metadata", "f:finalizers", "v:\"b\"")),
                typed("{'metadata':{'finalizers':['a','b']}}").toFieldSet());
    }

    @Test
    void aMapListItemWithoutItsKeyIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> typed("Pod", "{'spec':{'containers':[{'image':'i'}]}}").toFieldSet());
        assertEquals(".spec.containers: element 0: associative list with keys has an element that omits key field \"name\""
                + " (and doesn't have default value)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | kind | live | config | merged
            "scalars are replaced | Deployment | {'spec':{'replicas':1,'paused':true}} | {'spec':{'replicas':3}} | {'spec':{'replicas':3,'paused':true}}",
            "maps merge by key | Deployment | {'metadata':{'labels':{'a':'1'}}} | {'metadata':{'labels':{'b':'2'}}} | {'metadata':{'labels':{'a':'1','b':'2'}}}",
            "atomic maps are replaced | Deployment | {'spec':{'selector':{'matchLabels':{'a':'1'}}}} | {'spec':{'selector':{'matchLabels':{'b':'2'}}}} | {'spec':{'selector':{'matchLabels':{'b':'2'}}}}",
            "atomic lists are replaced | Deployment | {'spec':{'c':{'args':['a','b']}}} | {'spec':{'c':{'args':['c']}}} | {'spec':{'c':{'args':['c']}}}",
            "map lists merge items by key | Pod | {'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'}]}} | {'spec':{'containers':[{'name':'b','image':'3'},{'name':'c','image':'4'}]}} | {'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'3'},{'name':'c','image':'4'}]}}",
            "map list keys take defaults | Pod | {'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'http'}]}]}} | {'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'hostPort':8080}]}]}} | {'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP','name':'http','hostPort':8080}]}]}}",
            "sets merge by value | Deployment | {'metadata':{'finalizers':['a','b']}} | {'metadata':{'finalizers':['b','c']}} | {'metadata':{'finalizers':['a','b','c']}}",
    })
    void merge(String name, String kind, String live, String config, String merged) {
        assertEquals(json(merged), typed(kind, live).merge(json(config)).object());
    }

    @Test
    void compareReportsAddedModifiedAndRemoved() {
        TypedObject before = typed("{'spec':{'replicas':1,'paused':true,'template':{'metadata':{'labels':{'a':'1'}}}}}");
        TypedObject after = typed("{'spec':{'replicas':2,'template':{'metadata':{'labels':{'a':'1'},'annotations':{'x':'y'}}}}}");
        TypedObject.Comparison c = before.compare(after);
        assertEquals(FieldSet.of(List.of("f:spec", "f:replicas")), c.modified());
        assertEquals(FieldSet.of(List.of("f:spec", "f:paused")), c.removed());
        assertEquals(FieldSet.of(List.of("f:spec", "f:template", "f:metadata", "f:annotations"),
                List.of("f:spec", "f:template", "f:metadata", "f:annotations", "f:x")), c.added());
        assertTrue(after.compare(typed("{'spec':{'replicas':2,'template':{'metadata':{'labels':{'a':'1'},'annotations':{'x':'y'}}}}}")).isSame());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "f:spec,f:replicas | {'spec':{'replicas':1,'paused':true}} | {'spec':{'paused':true}}",
            "f:spec,f:containers,k:{\"name\":\"b\"} | {'spec':{'containers':[{'name':'a'},{'name':'b'}]}} | {'spec':{'containers':[{'name':'a'}]}}",
            "f:spec,f:containers,k:{\"name\":\"a\"},f:image | {'spec':{'containers':[{'name':'a','image':'i'}]}} | {'spec':{'containers':[{'name':'a'}]}}",
            "f:metadata,f:finalizers,v:\"a\" | {'metadata':{'finalizers':['a','b']}} | {'metadata':{'finalizers':['b']}}",
            "f:spec,f:absent,f:x | {'spec':{'replicas':1}} | {'spec':{'replicas':1}}",
    })
    void remove(String elements, String before, String after) {
        TypedObject obj = typed("Pod", before);
        obj.remove(List.of(elements.split(",(?=[fkvi]:)")));
        assertEquals(json(after), obj.object());
    }
}

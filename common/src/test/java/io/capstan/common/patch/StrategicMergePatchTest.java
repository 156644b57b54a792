package io.capstan.common.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static io.capstan.common.patch.JsonPatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Strategic merge patch as upstream's k8s.io/apimachinery/pkg/util/strategicpatch applies it. List orders
 * asserted here are those upstream produces too (patched items keep their place, new items follow
 * the patched ones they come after in the patch). Not covered, because this implementation differs:
 * {@code $setElementOrder} (ignored here) and the order upstream gives a list patched with new items
 * only (upstream puts them first, this implementation appends them).
 */
class StrategicMergePatchTest {
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "env", "name",
            "ports", "containerPort", "finalizers", "");

    static Stream<Arguments> patches() {
        return Stream.of(
                arguments("a merge-key list merges element by element",
                        "{'containers':[{'name':'a','image':'a:1','args':['x']},{'name':'b','image':'b:1'}]}",
                        "{'containers':[{'name':'a','image':'a:2'}]}",
                        "{'containers':[{'name':'a','image':'a:2','args':['x']},{'name':'b','image':'b:1'}]}"),
                arguments("a new element follows the patched one before it",
                        "{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}",
                        "{'containers':[{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}",
                        "{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}"),
                arguments("merge keys need not be strings",
                        "{'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443}]}",
                        "{'ports':[{'containerPort':80,'name':'http'}]}",
                        "{'ports':[{'containerPort':80,'protocol':'TCP','name':'http'},{'containerPort':443}]}"),
                arguments("nested merge-key lists merge too",
                        "{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]}]}",
                        "{'containers':[{'name':'a','env':[{'name':'Y','value':'3'}]}]}",
                        "{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y','value':'3'}]}]}"),
                arguments("$patch: delete removes the element with that key",
                        "{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}",
                        "{'containers':[{'name':'b','$patch':'delete'}]}",
                        "{'containers':[{'name':'a'},{'name':'c'}]}"),
                arguments("$patch: delete of an absent key changes nothing",
                        "{'containers':[{'name':'a'}]}",
                        "{'containers':[{'name':'z','$patch':'delete'}]}",
                        "{'containers':[{'name':'a'}]}"),
                arguments("$patch: replace in a list replaces it with the patch's other elements",
                        "{'containers':[{'name':'a','image':'a:1'},{'name':'b'}]}",
                        "{'containers':[{'name':'c','image':'c:1'},{'$patch':'replace'}]}",
                        "{'containers':[{'name':'c','image':'c:1'}]}"),
                arguments("$patch: replace alone empties the list",
                        "{'containers':[{'name':'a'},{'name':'b'}]}",
                        "{'containers':[{'$patch':'replace'}]}",
                        "{'containers':[]}"),
                arguments("$patch: replace on a map replaces it",
                        "{'spec':{'selector':{'a':'1','b':'2'},'replicas':1}}",
                        "{'spec':{'selector':{'c':'3','$patch':'replace'}}}",
                        "{'spec':{'selector':{'c':'3'},'replicas':1}}"),
                arguments("$patch: delete on a map empties it",
                        "{'spec':{'selector':{'a':'1','b':'2'},'replicas':1}}",
                        "{'spec':{'selector':{'$patch':'delete'}}}",
                        "{'spec':{'selector':{},'replicas':1}}"),
                arguments("a list without a merge key is replaced",
                        "{'containers':[{'name':'a','args':['x','y'],'command':['sh']}]}",
                        "{'containers':[{'name':'a','args':['z']}]}",
                        "{'containers':[{'name':'a','args':['z'],'command':['sh']}]}"),
                arguments("a top-level list without a merge key is replaced",
                        "{'items':[{'name':'a'},{'name':'b'}]}",
                        "{'items':[{'name':'c'}]}",
                        "{'items':[{'name':'c'}]}"),
                arguments("null deletes a field",
                        "{'metadata':{'labels':{'a':'1','b':'2'},'annotations':{'x':'y'}}}",
                        "{'metadata':{'labels':{'a':null},'annotations':null}}",
                        "{'metadata':{'labels':{'b':'2'}}}"),
                arguments("null for a missing field changes nothing",
                        "{'a':1}", "{'b':null}", "{'a':1}"),
                arguments("maps merge key by key",
                        "{'metadata':{'labels':{'a':'1'}},'spec':{'replicas':1}}",
                        "{'metadata':{'labels':{'b':'2'}}}",
                        "{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'replicas':1}}"),
                arguments("scalars replace",
                        "{'spec':{'replicas':1,'paused':false}}",
                        "{'spec':{'replicas':3,'paused':true}}",
                        "{'spec':{'replicas':3,'paused':true}}"),
                arguments("a value of another type replaces",
                        "{'a':{'b':1},'c':[1]}", "{'a':'x','c':{'d':1}}", "{'a':'x','c':{'d':1}}"),
                arguments("a merge-key list missing from the target is taken from the patch",
                        "{}", "{'containers':[{'name':'a'}]}", "{'containers':[{'name':'a'}]}"),
                arguments("a primitive merge list keeps unique values",
                        "{'finalizers':['a','b']}", "{'finalizers':['b','c']}", "{'finalizers':['a','b','c']}"),
                arguments("$deleteFromPrimitiveList removes values",
                        "{'finalizers':['a','b','c']}", "{'$deleteFromPrimitiveList/finalizers':['b','z']}",
                        "{'finalizers':['a','c']}"),
                arguments("$deleteFromPrimitiveList works in nested maps",
                        "{'metadata':{'finalizers':['a','b']}}", "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}",
                        "{'metadata':{'finalizers':['b']}}"),
                arguments("directives inside a new element are not stored (upstream drops them decoding the typed object)",
                        "{'containers':[{'name':'a'}]}",
                        "{'containers':[{'name':'a'},{'name':'b','env':[{'name':'X','$patch':'merge'}]}]}",
                        "{'containers':[{'name':'a'},{'name':'b','env':[{'name':'X'}]}]}"),
                arguments("directives of a new map are not stored (upstream drops them decoding the typed object)",
                        "{}", "{'spec':{'selector':{'a':'1','$patch':'replace'}}}", "{'spec':{'selector':{'a':'1'}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void appliesLikeUpstream(String name, String original, String patch, String expected) {
        assertEquals(json(expected), StrategicMergePatch.apply(json(original), json(patch), MERGE_KEYS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void leavesItsInputsAlone(String name, String original, String patch, String expected) {
        JsonNode target = json(original);
        JsonNode p = json(patch);
        StrategicMergePatch.apply(target, p, MERGE_KEYS);
        assertEquals(json(original), target, "target");
        assertEquals(json(patch), p, "patch");
    }

    @Test
    void resultSharesNoNodeWithThePatch() {
        JsonNode p = json("{'spec':{'template':{'labels':{'a':'1'}}},'containers':[{'name':'a','env':[{'name':'X'}]}]}");
        JsonNode result = StrategicMergePatch.apply(json("{'containers':[{'name':'a'}]}"), p, MERGE_KEYS);
        ((com.fasterxml.jackson.databind.node.ObjectNode) result.path("spec").path("template").path("labels")).put("a", "2");
        ((com.fasterxml.jackson.databind.node.ObjectNode) result.path("containers").path(0).path("env").path(0)).put("name", "Y");
        assertEquals(json("{'spec':{'template':{'labels':{'a':'1'}}},'containers':[{'name':'a','env':[{'name':'X'}]}]}"), p);
    }

    @Test
    void aPatchThatIsNotAnObjectIsMalformed() {
        PatchException e = assertThrows(PatchException.class,
                () -> StrategicMergePatch.apply(json("{}"), json("[{'op':'add'}]"), MERGE_KEYS));
        assertTrue(e.malformed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void malformedDirectivesAreRefusedBeforeMerging(String patch, String message) {
        PatchException e = assertThrows(PatchException.class,
                () -> StrategicMergePatch.apply(json("{'spec':{'ports':[{'port':1}]}}"), json(patch), MERGE_KEYS));
        assertTrue(e.malformed());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    static Stream<Arguments> malformedDirectivesAreRefusedBeforeMerging() {
        return Stream.of(
                arguments("{'spec':{'$patch':'bogus'}}", "unknown patch type: bogus in map: "),
                arguments("{'$patch':5}", "unknown patch type: 5 in map: "),
                arguments("{'spec':{'ports':[{'$patch':'bogus','port':1}]}}", "unknown patch type: bogus in map: "),
                arguments("{'spec':{'$retainKeys':'ports'}}", "invalid patch format of retainKeys"),
                arguments("{'spec':{'$setElementOrder/ports':{'port':1}}}", "invalid patch format of setElementOrder list"),
                arguments("{'spec':{'$deleteFromPrimitiveList/finalizers':'a'}}", "invalid patch format of primitive list"));
    }

    @Test
    void wellFormedDirectivesStillApply() {
        assertEquals(json("{'spec':{'ports':[{'port':1}],'type':'x'}}"), StrategicMergePatch.apply(json("{'spec':{'ports':[{'port':1}]}}"),
                json("{'spec':{'$retainKeys':['ports','type'],'type':'x','$setElementOrder/ports':[{'port':1}]}}"), MERGE_KEYS));
        assertEquals(json("{'spec':{}}"), StrategicMergePatch.apply(json("{'spec':{'a':1}}"), json("{'spec':{'$patch':'delete'}}"), MERGE_KEYS));
    }
}

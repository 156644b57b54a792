package io.capstan.common.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** RFC 6902 JSON Patch, with the examples of its appendix A. */
class JsonPatchTest {

    static Stream<Arguments> applies() {
        return Stream.of(
                arguments("A.1 add an object member", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}"),
                arguments("A.2 add an array element", "{'foo':['bar','baz']}",
                        "[{'op':'add','path':'/foo/1','value':'qux'}]", "{'foo':['bar','qux','baz']}"),
                arguments("A.3 remove an object member", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}"),
                arguments("A.4 remove an array element", "{'foo':['bar','qux','baz']}",
                        "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}"),
                arguments("A.5 replace a value", "{'baz':'qux','foo':'bar'}",
                        "[{'op':'replace','path':'/baz','value':'boo'}]", "{'baz':'boo','foo':'bar'}"),
                arguments("A.6 move a value", "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
                        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
                        "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"),
                arguments("A.7 move an array element", "{'foo':['all','grass','cows','eat']}",
                        "[{'op':'move','from':'/foo/1','path':'/foo/3'}]", "{'foo':['all','cows','eat','grass']}"),
                arguments("A.8 test a value: success", "{'baz':'qux','foo':['a',2,'c']}",
                        "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
                        "{'baz':'qux','foo':['a',2,'c']}"),
                arguments("A.10 add a nested member object", "{'foo':'bar'}",
                        "[{'op':'add','path':'/child','value':{'grandchild':{}}}]", "{'foo':'bar','child':{'grandchild':{}}}"),
                arguments("A.11 ignore unrecognized elements", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz','value':'qux','xyz':123}]", "{'foo':'bar','baz':'qux'}"),
                arguments("A.14 ~ escape ordering", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}"),
                arguments("A.16 add an array value", "{'foo':['bar']}",
                        "[{'op':'add','path':'/foo/-','value':['abc','def']}]", "{'foo':['bar',['abc','def']]}"),
                arguments("- appends to an array", "{'a':[1,2]}",
                        "[{'op':'add','path':'/a/-','value':3}]", "{'a':[1,2,3]}"),
                arguments("add at the end index appends", "{'a':[1,2]}",
                        "[{'op':'add','path':'/a/2','value':3}]", "{'a':[1,2,3]}"),
                arguments("~1 addresses a key with a slash", "{'metadata':{'labels':{'app.kubernetes.io/name':'x'}}}",
                        "[{'op':'replace','path':'/metadata/labels/app.kubernetes.io~1name','value':'y'}]",
                        "{'metadata':{'labels':{'app.kubernetes.io/name':'y'}}}"),
                arguments("~0 addresses a key with a tilde", "{'a~b':1}",
                        "[{'op':'remove','path':'/a~0b'}]", "{}"),
                arguments("add replaces an existing member", "{'a':1}",
                        "[{'op':'add','path':'/a','value':2}]", "{'a':2}"),
                arguments("copy a value", "{'a':{'b':1}}",
                        "[{'op':'copy','from':'/a','path':'/c'}]", "{'a':{'b':1},'c':{'b':1}}"),
                arguments("replace an array element", "{'a':[1,2,3]}",
                        "[{'op':'replace','path':'/a/1','value':9}]", "{'a':[1,9,3]}"),
                arguments("add on the empty path replaces the document", "{'a':1}",
                        "[{'op':'add','path':'','value':{'b':2}}]", "{'b':2}"),
                arguments("operations apply in order", "{}",
                        "[{'op':'add','path':'/a','value':[]},{'op':'add','path':'/a/-','value':1},{'op':'test','path':'/a/0','value':1}]",
                        "{'a':[1]}"),
                arguments("empty patch", "{'a':1}", "[]", "{'a':1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("applies")
    void appliesOperations(String name, String doc, String patch, String expected) {
        JsonNode target = json(doc);
        JsonNode before = target.deepCopy();
        assertEquals(json(expected), JsonPatch.apply(target, json(patch)));
        assertEquals(before, target, "the target is not modified");
    }

    static Stream<Arguments> failsToApply() {
        return Stream.of(
                arguments("A.9 test a value: error", "{'baz':'qux'}", "[{'op':'test','path':'/baz','value':'bar'}]"),
                arguments("A.12 add to a nonexistent target", "{'foo':'bar'}",
                        "[{'op':'add','path':'/baz/bat','value':'qux'}]"),
                arguments("A.15 compare strings and numbers", "{'/':9,'~1':10}",
                        "[{'op':'test','path':'/~01','value':'10'}]"),
                arguments("test of a missing path", "{'a':1}", "[{'op':'test','path':'/b','value':1}]"),
                arguments("remove a missing member", "{'a':1}", "[{'op':'remove','path':'/b'}]"),
                arguments("replace a missing member", "{'a':1}", "[{'op':'replace','path':'/b','value':2}]"),
                arguments("remove an array index out of range", "{'a':[1]}", "[{'op':'remove','path':'/a/1'}]"),
                arguments("add an array index past the end", "{'a':[1]}", "[{'op':'add','path':'/a/2','value':2}]"),
                arguments("add at a negative index", "{'a':[1]}", "[{'op':'add','path':'/a/-1','value':2}]"),
                arguments("non-numeric array index", "{'a':[1]}", "[{'op':'replace','path':'/a/x','value':2}]"),
                arguments("move from a missing path", "{'a':1}", "[{'op':'move','from':'/b','path':'/c'}]"),
                arguments("copy from a missing path", "{'a':1}", "[{'op':'copy','from':'/b','path':'/c'}]"),
                arguments("add below a scalar", "{'a':1}", "[{'op':'add','path':'/a/b','value':2}]"),
                arguments("a failing op after a good one", "{'a':1}",
                        "[{'op':'add','path':'/b','value':2},{'op':'test','path':'/a','value':2}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failsToApply")
    void failingOperationIsNotMalformed(String name, String doc, String patch) {
        JsonNode target = json(doc);
        JsonNode before = target.deepCopy();
        PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(target, json(patch)));
        assertFalse(e.malformed(), e.getMessage());
        assertEquals(before, target, "the target is not modified");
    }

    /** What upstream's {@code jsonpatch.DecodePatch} (and its strict decode into string fields) refuses: 400. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("not an array", "{'op':'add','path':'/a','value':1}"),
                arguments("an operation that is not an object", "['add']"),
                arguments("a path that is not a string", "[{'op':'add','path':1,'value':1}]"),
                arguments("an op that is not a string", "[{'op':5,'path':'/a','value':1}]"));
    }

    /** Operations upstream decodes but {@code Apply} refuses: a 422, not a malformed patch. */
    static Stream<Arguments> cannotApply() {
        return Stream.of(
                arguments("no op", "[{'path':'/a','value':1}]"),
                arguments("no path", "[{'op':'add','value':1}]"),
                arguments("unknown op", "[{'op':'frobnicate','path':'/a'}]"),
                arguments("add without value", "[{'op':'add','path':'/a'}]"),
                arguments("replace without value", "[{'op':'replace','path':'/a'}]"),
                arguments("test without value", "[{'op':'test','path':'/a'}]"),
                arguments("move without from", "[{'op':'move','path':'/a'}]"),
                arguments("copy without from", "[{'op':'copy','path':'/b'}]"),
                arguments("a path without a leading slash", "[{'op':'add','path':'a','value':1}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cannotApply")
    void operationsUpstreamCannotApplyAreNotMalformed(String name, String patch) {
        PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(json("{'a':1}"), json(patch)));
        assertFalse(e.malformed(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedPatchIsMalformed(String name, String patch) {
        PatchException e = assertThrows(PatchException.class, () -> JsonPatch.apply(json("{'a':1}"), json(patch)));
        assertTrue(e.malformed(), e.getMessage());
    }

    @Test
    void missingPathMessageNamesThePath() {
        PatchException e = assertThrows(PatchException.class,
                () -> JsonPatch.apply(json("{'a':{}}"), json("[{'op':'add','path':'/a/b/c','value':1}]")));
        assertTrue(e.getMessage().contains("/a/b/c"), e.getMessage());
    }

    @Test
    void addedValueIsACopyOfThePatch() {
        JsonNode patch = json("[{'op':'add','path':'/a','value':{'b':1}}]");
        JsonNode result = JsonPatch.apply(json("{}"), patch);
        ((com.fasterxml.jackson.databind.node.ObjectNode) result.get("a")).put("b", 2);
        assertEquals(json("[{'op':'add','path':'/a','value':{'b':1}}]"), patch);
    }

    static JsonNode json(String singleQuoted) {
        try {
            return Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.capstan.common.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.capstan.common.patch.JsonPatchTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** RFC 7386 JSON Merge Patch, with every example of its appendix A. */
class MergePatchTest {

    static Stream<Arguments> rfc7386AppendixA() {
        return Stream.of(
                arguments("{'a':'b'}", "{'a':'c'}", "{'a':'c'}"),
                arguments("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"),
                arguments("{'a':'b'}", "{'a':null}", "{}"),
                arguments("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"),
                arguments("{'a':['b']}", "{'a':'c'}", "{'a':'c'}"),
                arguments("{'a':'c'}", "{'a':['b']}", "{'a':['b']}"),
                arguments("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"),
                arguments("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"),
                arguments("['a','b']", "['c','d']", "['c','d']"),
                arguments("{'a':'b'}", "['c']", "['c']"),
                arguments("{'a':'foo'}", "null", "null"),
                arguments("{'a':'foo'}", "'bar'", "'bar'"),
                arguments("{'e':null}", "{'a':1}", "{'e':null,'a':1}"),
                arguments("[1,2]", "{'a':'b','c':null}", "{'a':'b'}"),
                arguments("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"),
                // RFC 7386 section 3's example.
                arguments("{'title':'Goodbye!','author':{'givenName':'John','familyName':'Doe'},'tags':['example','sample'],'content':'This will be unchanged'}",
                        "{'title':'Hello!','phoneNumber':'+01-123-456-7890','author':{'familyName':null},'tags':['example']}",
                        "{'title':'Hello!','author':{'givenName':'John'},'tags':['example'],'content':'This will be unchanged','phoneNumber':'+01-123-456-7890'}"));
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @MethodSource("rfc7386AppendixA")
    void mergesAsRfc7386(String original, String patch, String expected) {
        JsonNode target = json(original);
        JsonNode p = json(patch);
        JsonNode targetBefore = target.deepCopy();
        JsonNode patchBefore = p.deepCopy();
        assertEquals(json(expected), MergePatch.apply(target, p));
        assertEquals(targetBefore, target, "the target is not modified");
        assertEquals(patchBefore, p, "the patch is not modified");
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.StatusException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestBodyTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJsonBodyWithoutDuplicatesDecodesInOnePassAsDecodeObjectDoes() {
        byte[] body = bytes("{\"metadata\":{\"name\":\"a\"},\"data\":{\"k\":\"v\"},\"list\":[{\"a\":1},{\"a\":2}]}");
        ObjectNode one = RequestBody.decodeObjectWithoutDuplicates(body, "application/json");
        assertEquals(RequestBody.decodeObject(body, "application/json", false), one);
        assertEquals(one, RequestBody.decodeObjectWithoutDuplicates(body, ""));
    }

    @Test
    void aBodyNamingAFieldTwiceGivesNullSoThatTheCallerListsTheDuplicates() {
        assertNull(RequestBody.decodeObjectWithoutDuplicates(bytes("{\"data\":{\"a\":\"1\"},\"data\":{\"b\":\"2\"}}"), "application/json"));
        assertNull(RequestBody.decodeObjectWithoutDuplicates(bytes("{\"spec\":{\"x\":[{\"i\":1,\"i\":2}]}}"), "application/json"));
    }

    @Test
    void otherContentTypesAreLeftToDecodeObject() {
        assertNull(RequestBody.decodeObjectWithoutDuplicates(bytes("a: 1\n"), "application/yaml"));
    }

    @Test
    void malformedAndNonObjectBodiesAreStill400() {
        StatusException malformed = assertThrows(StatusException.class,
                () -> RequestBody.decodeObjectWithoutDuplicates(bytes("{\"a\":"), "application/json"));
        assertEquals(400, malformed.status().getCode());
        StatusException array = assertThrows(StatusException.class,
                () -> RequestBody.decodeObjectWithoutDuplicates(bytes("[1]"), "application/json"));
        assertEquals(400, array.status().getCode());
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.StatusException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

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

    @Test
    void strictDecodingErrorsComeInTheOrderUpstreamsDecoderMeetsThem() {
        // field_validation.go's typed-object body: the unknown field comes before the second "replicas"
        byte[] deployment = bytes("{\"spec\":{\"unknownField\":\"foo\",\"replicas\":2,\"replicas\":3,\"selector\":{}}}");
        assertEquals(List.of("unknown field \"spec.unknownField\"", "duplicate field \"spec.replicas\""),
                RequestBody.strictDecodingErrors(deployment, "", List.of("spec.unknownField")));
        // a duplicate before an unknown field is reported first
        byte[] dupFirst = bytes("{\"data\":{},\"data\":{},\"bogus\":1}");
        assertEquals(List.of("duplicate field \"data\"", "unknown field \"bogus\""),
                RequestBody.strictDecodingErrors(dupFirst, "application/json", List.of("bogus")));
    }

    @Test
    void strictDecodingErrorsAreEachReportedOnceAndNothingInsideAnUnknownFieldCounts() {
        byte[] body = bytes("{\"a\":1,\"a\":2,\"a\":3,\"x\":{\"i\":1,\"i\":2},\"x\":{}}");
        assertEquals(List.of("duplicate field \"a\"", "unknown field \"x\""),
                RequestBody.strictDecodingErrors(body, "application/json", List.of("x")));
    }

    @Test
    void anUnknownFieldNotFoundInTheBodyComesLast() {
        assertEquals(List.of("duplicate field \"a\"", "unknown field \"b\""),
                RequestBody.strictDecodingErrors(bytes("{\"a\":1,\"a\":2}"), "", List.of("b")));
    }
}

package io.capstan.apiserver.apply;

import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldSetTest {

    @Test
    void fieldsV1RoundTripsWithDotForMembersThatHaveChildren() {
        String fieldsV1 = """
                {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":\
                {"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""";
        FieldSet set = FieldSet.fromFieldsV1(Json.tree(fieldsV1.getBytes(StandardCharsets.UTF_8)));
        assertEquals(6, set.paths().size(), set.toString());
        assertTrue(set.contains(List.of("f:metadata", "f:labels")));
        assertTrue(set.contains(List.of("f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"nginx\"}")));
        assertFalse(set.contains(List.of("f:spec")), "a parent with children only is not a member");
        assertEquals(Json.tree(fieldsV1.getBytes(StandardCharsets.UTF_8)), set.toFieldsV1());
    }

    @Test
    void anUnknownPathElementIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> FieldSet.fromFieldsV1(Json.tree("{\"x:spec\":{}}".getBytes(StandardCharsets.UTF_8))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "f:spec,f:replicas | .spec.replicas",
            "f:spec,f:containers,k:{\"name\":\"nginx\"},f:image | .spec.containers[name=\"nginx\"].image",
            "f:spec,f:ports,k:{\"port\":80,\"protocol\":\"TCP\"} | .spec.ports[port=80,protocol=\"TCP\"]",
            "f:metadata,f:finalizers,v:\"a/b\" | .metadata.finalizers[=\"a/b\"]",
            "f:metadata,f:annotations,f:example.com/x | .metadata.annotations.example.com/x",
    })
    void pathsDisplayAsUpstreamPrintsThem(String elements, String expected) {
        List<String> path = List.of(elements.split(",(?=[fkvi]:)"));
        assertEquals(expected, FieldSet.display(path));
    }

    @Test
    void setAlgebra() {
        FieldSet a = FieldSet.of(List.of("f:a"), List.of("f:b"), List.of("f:c", "f:d"));
        FieldSet b = FieldSet.of(List.of("f:b"), List.of("f:e"));
        assertEquals(FieldSet.of(List.of("f:a"), List.of("f:c", "f:d")), a.difference(b));
        assertEquals(FieldSet.of(List.of("f:b")), a.intersection(b));
        assertEquals(4, a.union(b).paths().size());
        assertTrue(a.containsPrefix(List.of("f:c")));
        assertFalse(a.containsPrefix(List.of("f:d")));
        assertEquals(FieldSet.of(List.of("f:a"), List.of("f:b")), a.withoutPrefixes(List.of(List.of("f:c"))));
    }
}

package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.capstan.apiserver.protobuf.ProtoWriter.envelope;
import static io.capstan.apiserver.protobuf.ProtoWriter.time;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Go types with their own JSON forms: Quantity, IntOrString, Time, MicroTime, Duration, RawExtension, FieldsV1. */
class ProtobufSpecialTypesTest {
    /** 2024-01-02T03:04:05Z. */
    private static final long SECONDS = 1_704_164_645L;

    static Stream<Arguments> cases() {
        byte[] json = "{\"a\":[1,true]}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of(SpecialType.QUANTITY, ProtoWriter.quantity("1536Mi"), "\"1536Mi\""),
                Arguments.of(SpecialType.QUANTITY, new ProtoWriter(), "\"0\""),
                Arguments.of(SpecialType.INT_OR_STRING, ProtoWriter.intOrString(8080), "8080"),
                Arguments.of(SpecialType.INT_OR_STRING, ProtoWriter.intOrString("25%"), "\"25%\""),
                Arguments.of(SpecialType.INT_OR_STRING, new ProtoWriter(), "0"),
                Arguments.of(SpecialType.TIME, time(SECONDS, 999_999_999), "\"2024-01-02T03:04:05Z\""),
                Arguments.of(SpecialType.TIME, time(0, 0), "\"1970-01-01T00:00:00Z\""),
                Arguments.of(SpecialType.TIME, time(-62_135_596_800L, 0), "null"),
                Arguments.of(SpecialType.TIME, new ProtoWriter(), "null"),
                Arguments.of(SpecialType.MICRO_TIME, time(SECONDS, 123_456_789), "\"2024-01-02T03:04:05.123456Z\""),
                Arguments.of(SpecialType.MICRO_TIME, new ProtoWriter(), "null"),
                Arguments.of(SpecialType.DURATION, new ProtoWriter().varint(1, 3_600_000_000_000L), "\"1h0m0s\""),
                Arguments.of(SpecialType.DURATION, new ProtoWriter(), "\"0s\""),
                Arguments.of(SpecialType.RAW_EXTENSION, new ProtoWriter().bytes(1, json), "{\"a\":[1,true]}"),
                Arguments.of(SpecialType.RAW_EXTENSION, new ProtoWriter(), "null"),
                Arguments.of(SpecialType.FIELDS_V1, new ProtoWriter().bytes(1, json), "{\"a\":[1,true]}"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void specialTypeDecodesToItsGoJson(SpecialType type, ProtoWriter message, String expected) {
        JsonNode decoded = type.decode(message.toBytes());

        assertEquals(Json.tree(expected.getBytes(StandardCharsets.UTF_8)), decoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void specialTypesAreFoundByProtoName(String protoName, SpecialType expected) {
        assertEquals(expected, SpecialType.of(protoName).orElseThrow());
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("k8s.io.apimachinery.pkg.api.resource.Quantity", SpecialType.QUANTITY),
                Arguments.of("k8s.io.apimachinery.pkg.util.intstr.IntOrString", SpecialType.INT_OR_STRING),
                Arguments.of("k8s.io.apimachinery.pkg.apis.meta.v1.Time", SpecialType.TIME),
                Arguments.of("k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime", SpecialType.MICRO_TIME),
                Arguments.of("k8s.io.apimachinery.pkg.apis.meta.v1.Duration", SpecialType.DURATION),
                Arguments.of("k8s.io.apimachinery.pkg.runtime.RawExtension", SpecialType.RAW_EXTENSION),
                Arguments.of("k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1", SpecialType.FIELDS_V1));
    }

    @org.junit.jupiter.api.Test
    void rawExtensionHoldingAnEnvelopedObjectDecodesItToo() {
        byte[] inner = envelope("v1", "Namespace", new ProtoWriter().message(1, new ProtoWriter().string(1, "x")));

        JsonNode decoded = SpecialType.RAW_EXTENSION.decode(new ProtoWriter().bytes(1, inner).toBytes());

        assertEquals("Namespace", decoded.path("kind").asText());
        assertEquals("x", decoded.path("metadata").path("name").asText());
    }
}

package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * go-to-protobuf writes every non-pointer scalar, zero or not; Go's JSON drops zero omitempty fields, keeps
 * fields without omitempty, keeps set pointers even when zero, and always writes struct values.
 */
class ProtobufZeroValuesTest {
    private static final String TABLE = """
            package test
            message Thing
            1 name string
            2 count int32
            3 on bool
            4 required string always
            5 port int32 always
            6 replicas int32 ptr
            7 suspend bool ptr
            8 inner Inner
            9 maybe Inner ptr
            10 tags string repeated
            11 labels map<string,string>
            12 big int64
            13 ratio double
            14 data bytes
            message Inner
            1 value string
            message Numbers
            1 values int64 repeated
            message Lists
            1 items string repeated always
            2 attrs map<string,string> always
            """;
    private static final DescriptorTable TABLE_OF_TESTS = DescriptorTable.of(TABLE);
    private static final MessageDecoder DECODER = new MessageDecoder(TABLE_OF_TESTS);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("zero omitempty scalars are dropped",
                        new ProtoWriter().string(1, "").varint(2, 0).bool(3, false),
                        "{\"port\":0,\"required\":\"\",\"inner\":{}}"),
                Arguments.of("set omitempty scalars are kept",
                        new ProtoWriter().string(1, "n").varint(2, 2).bool(3, true),
                        "{\"name\":\"n\",\"count\":2,\"on\":true,\"required\":\"\",\"port\":0,\"inner\":{}}"),
                Arguments.of("fields without omitempty are written even when absent",
                        new ProtoWriter(),
                        "{\"required\":\"\",\"port\":0,\"inner\":{}}"),
                Arguments.of("set pointers are kept at zero",
                        new ProtoWriter().varint(6, 0).bool(7, false),
                        "{\"required\":\"\",\"port\":0,\"replicas\":0,\"suspend\":false,\"inner\":{}}"),
                Arguments.of("a set pointer message is written, empty or not",
                        new ProtoWriter().message(9, new ProtoWriter()),
                        "{\"required\":\"\",\"port\":0,\"inner\":{},\"maybe\":{}}"),
                Arguments.of("empty lists and maps are dropped; set ones keep empty items",
                        new ProtoWriter().string(10, "").message(11, new ProtoWriter().string(1, "k")),
                        "{\"required\":\"\",\"port\":0,\"inner\":{},\"tags\":[\"\"],\"labels\":{\"k\":\"\"}}"),
                Arguments.of("negative int32 sign-extends and large int64 survives",
                        new ProtoWriter().varint(2, -5).varint(12, 1L << 40),
                        "{\"count\":-5,\"required\":\"\",\"port\":0,\"inner\":{},\"big\":1099511627776}"),
                Arguments.of("doubles are fixed64 and bytes are base64",
                        new ProtoWriter().fixed64(13, Double.doubleToLongBits(0.5)).bytes(14, new byte[]{1}),
                        "{\"required\":\"\",\"port\":0,\"inner\":{},\"ratio\":0.5,\"data\":\"AQ==\"}"),
                Arguments.of("the last occurrence of a scalar wins and embedded messages merge",
                        new ProtoWriter().string(1, "a").string(1, "b")
                                .message(8, new ProtoWriter().string(1, "x")).message(8, new ProtoWriter().string(1, "y")),
                        "{\"name\":\"b\",\"required\":\"\",\"port\":0,\"inner\":{\"value\":\"y\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void goJsonRulesDecideWhichFieldsAppear(String rule, ProtoWriter message, String expected) {
        ObjectNode decoded = DECODER.decodeObject(TABLE_OF_TESTS.message("test.Thing"), message.toBytes());

        assertEquals(json(expected), decoded);
    }

    @ParameterizedTest(name = "packed={0}")
    @MethodSource("packing")
    void repeatedNumbersDecodePackedOrNot(boolean packed, ProtoWriter message) {
        JsonNode decoded = DECODER.decode("test.Numbers", message.toBytes());

        assertEquals(json("{\"values\":[1,300,-2]}"), decoded);
    }

    static Stream<Arguments> packing() {
        ProtoWriter run = new ProtoWriter().rawVarint(1).rawVarint(300).rawVarint(-2);
        return Stream.of(
                Arguments.of(false, new ProtoWriter().varint(1, 1).varint(1, 300).varint(1, -2)),
                Arguments.of(true, new ProtoWriter().bytes(1, run.toBytes())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void listsAndMapsWithoutOmitemptyAreNullWhenEmpty(String rule, ProtoWriter message, String expected) {
        JsonNode decoded = DECODER.decode("test.Lists", message.toBytes());

        assertEquals(json(expected), decoded);
    }

    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of("absent is a nil slice and map", new ProtoWriter(), "{\"items\":null,\"attrs\":null}"),
                Arguments.of("present ones are written", new ProtoWriter().string(1, "a").entry(2, "k", "v"),
                        "{\"items\":[\"a\"],\"attrs\":{\"k\":\"v\"}}"));
    }

    private static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8));
    }
}

package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.capstan.common.json.Json;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Messages whose Go types have their own JSON form, so they are not written as JSON objects. */
enum SpecialType {
    /** {@code resource.Quantity}: field 1 holds the canonical string, which is also its JSON. */
    QUANTITY("k8s.io.apimachinery.pkg.api.resource.Quantity"),
    /** {@code intstr.IntOrString}: 1 type (0 int, 1 string), 2 intVal, 3 strVal; JSON is a number or a string. */
    INT_OR_STRING("k8s.io.apimachinery.pkg.util.intstr.IntOrString"),
    /** {@code metav1.Time}: 1 seconds, 2 nanos; JSON is RFC 3339 in UTC to the second, or null when zero. */
    TIME("k8s.io.apimachinery.pkg.apis.meta.v1.Time"),
    /** {@code metav1.MicroTime}: like Time, with six fractional digits. */
    MICRO_TIME("k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime"),
    /** {@code metav1.Duration}: 1 nanoseconds; JSON is Go's duration string. */
    DURATION("k8s.io.apimachinery.pkg.apis.meta.v1.Duration"),
    /** {@code runtime.RawExtension}: 1 raw, which holds JSON that is written inline. */
    RAW_EXTENSION("k8s.io.apimachinery.pkg.runtime.RawExtension"),
    /** {@code metav1.FieldsV1}: 1 Raw, which holds JSON that is written inline. */
    FIELDS_V1("k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1");

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** Go's zero time.Time, 0001-01-01T00:00:00Z, in Unix seconds; Go writes it as null. */
    private static final long GO_ZERO_TIME = -62_135_596_800L;

    /** Looked up for every message field decoded, so kept in a map rather than scanned. */
    private static final Map<String, SpecialType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.protoName, t -> t));

    private final String protoName;

    SpecialType(String protoName) {
        this.protoName = protoName;
    }

    static Optional<SpecialType> of(String protoName) {
        return Optional.ofNullable(BY_NAME.get(protoName));
    }

    /** The JSON upstream writes for a message of this type; empty bytes give the Go zero value's JSON. */
    JsonNode decode(byte[] message) {
        Object[] fields = new Object[4];
        WireReader in = new WireReader(message);
        while (in.hasMore()) {
            int tag = in.readTag();
            int number = WireReader.fieldNumber(tag);
            int expected = expectedWireType(number);
            if (expected < 0) {
                in.skip(tag);
                continue;
            }
            if (WireReader.wireType(tag) != expected) {
                throw WireReader.malformed(protoName + " field " + number + " has wire type " + WireReader.wireType(tag));
            }
            fields[number] = expected == WireReader.VARINT ? (Object) in.readVarint() : in.readBytes();
        }
        return switch (this) {
            case QUANTITY -> fields[1] == null || ((byte[]) fields[1]).length == 0
                    ? TextNode.valueOf("0") : TextNode.valueOf(utf8(fields[1]));
            case INT_OR_STRING -> varint(fields[1]) == 1
                    ? TextNode.valueOf(fields[3] == null ? "" : utf8(fields[3]))
                    : IntNode.valueOf((int) varint(fields[2]));
            case TIME, MICRO_TIME -> time(message.length == 0, varint(fields[1]), (int) varint(fields[2]));
            case DURATION -> TextNode.valueOf(GoDurationFormat.format(varint(fields[1])));
            case RAW_EXTENSION, FIELDS_V1 -> embedded((byte[]) fields[1]);
        };
    }

    private int expectedWireType(int number) {
        return switch (this) {
            case QUANTITY -> number == 1 ? WireReader.LENGTH_DELIMITED : -1;
            case INT_OR_STRING -> number == 1 || number == 2 ? WireReader.VARINT
                    : number == 3 ? WireReader.LENGTH_DELIMITED : -1;
            case TIME, MICRO_TIME -> number == 1 || number == 2 ? WireReader.VARINT : -1;
            case DURATION -> number == 1 ? WireReader.VARINT : -1;
            case RAW_EXTENSION, FIELDS_V1 -> number == 1 ? WireReader.LENGTH_DELIMITED : -1;
        };
    }

    private JsonNode time(boolean empty, long seconds, int nanos) {
        // Go writes a zero Time as an empty message, and a zero Time's JSON is null.
        if (empty || (seconds == GO_ZERO_TIME && nanos == 0)) {
            return NullNode.getInstance();
        }
        Instant instant = Instant.ofEpochSecond(seconds, nanos);
        return TextNode.valueOf((this == TIME ? SECONDS : MICROS).format(instant));
    }

    private static JsonNode embedded(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return NullNode.getInstance();
        }
        if (ProtobufDecoder.hasMagic(raw)) {
            return ProtobufDecoder.decode(raw);
        }
        try {
            return Json.tree(raw);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("embedded object is neither JSON nor Kubernetes protobuf: " + e.getMessage(), e);
        }
    }

    private static long varint(Object value) {
        return value == null ? 0 : (Long) value;
    }

    private static String utf8(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }
}

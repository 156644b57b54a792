package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The scalar protobuf types the Kubernetes API uses, with the JSON Go's encoding/json gives each. */
enum ScalarKind {
    STRING(WireReader.LENGTH_DELIMITED),
    BYTES(WireReader.LENGTH_DELIMITED),
    BOOL(WireReader.VARINT),
    INT32(WireReader.VARINT),
    INT64(WireReader.VARINT),
    DOUBLE(WireReader.FIXED64);

    private final int wireType;

    ScalarKind(int wireType) {
        this.wireType = wireType;
    }

    int wireType() {
        return wireType;
    }

    /** Whether a length-delimited occurrence of a repeated field of this kind is a packed run of values. */
    boolean packable() {
        return wireType != WireReader.LENGTH_DELIMITED;
    }

    static ScalarKind named(String name) {
        return switch (name) {
            case "string" -> STRING;
            case "bytes" -> BYTES;
            case "bool" -> BOOL;
            case "int32" -> INT32;
            case "int64" -> INT64;
            case "double" -> DOUBLE;
            default -> null;
        };
    }

    /** Reads one value, already checked to have this kind's wire type. */
    JsonNode read(WireReader in) {
        return switch (this) {
            case STRING -> TextNode.valueOf(new String(in.readBytes(), StandardCharsets.UTF_8));
            // Go's encoding/json writes []byte as standard, padded base64.
            case BYTES -> TextNode.valueOf(Base64.getEncoder().encodeToString(in.readBytes()));
            case BOOL -> BooleanNode.valueOf(in.readVarint() != 0);
            // A negative int32 is sign-extended to ten bytes; the low 32 bits are the value.
            case INT32 -> IntNode.valueOf((int) in.readVarint());
            case INT64 -> number(in.readVarint());
            case DOUBLE -> DoubleNode.valueOf(Double.longBitsToDouble(in.readFixed64()));
        };
    }

    /** The JSON of this kind's Go zero value. */
    JsonNode zero() {
        return switch (this) {
            case STRING -> TextNode.valueOf("");
            case BYTES -> NullNode.getInstance();
            case BOOL -> BooleanNode.FALSE;
            case INT32, INT64 -> IntNode.valueOf(0);
            case DOUBLE -> DoubleNode.valueOf(0);
        };
    }

    /** Whether Go's omitempty would drop this value. */
    static boolean isEmpty(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> value.textValue().isEmpty();
            case BOOLEAN -> !value.booleanValue();
            case NUMBER -> value.doubleValue() == 0;
            case NULL -> true;
            default -> false;
        };
    }

    /** A number node of the narrowest type, as Jackson gives when it parses the same JSON. */
    static JsonNode number(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }
}

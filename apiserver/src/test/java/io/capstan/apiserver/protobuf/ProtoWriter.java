package io.capstan.apiserver.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes protobuf messages for tests, field by field, the way go-to-protobuf lays them out. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        tag(field, WireReader.VARINT);
        rawVarint(value);
        return this;
    }

    ProtoWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    ProtoWriter fixed64(int field, long value) {
        tag(field, WireReader.FIXED64);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ProtoWriter fixed32(int field, int value) {
        tag(field, WireReader.FIXED32);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, WireReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toBytes());
    }

    /** A {@code map<string,string>} entry. */
    ProtoWriter entry(int field, String key, String value) {
        return message(field, new ProtoWriter().string(1, key).string(2, value));
    }

    /** A {@code map<string,message>} entry. */
    ProtoWriter entry(int field, String key, ProtoWriter value) {
        return message(field, new ProtoWriter().string(1, key).message(2, value));
    }

    /** A {@code resource.Quantity}. */
    static ProtoWriter quantity(String value) {
        return new ProtoWriter().string(1, value);
    }

    /** An {@code intstr.IntOrString} holding a number; go-to-protobuf writes all three fields. */
    static ProtoWriter intOrString(int value) {
        return new ProtoWriter().varint(1, 0).varint(2, value).string(3, "");
    }

    /** An {@code intstr.IntOrString} holding a string. */
    static ProtoWriter intOrString(String value) {
        return new ProtoWriter().varint(1, 1).varint(2, 0).string(3, value);
    }

    /** A {@code metav1.Time} or {@code MicroTime}. */
    static ProtoWriter time(long seconds, int nanos) {
        return new ProtoWriter().varint(1, seconds).varint(2, nanos);
    }

    /** The field tag alone, for tests that hand-craft malformed input. */
    ProtoWriter tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
        return this;
    }

    ProtoWriter rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    /** The Kubernetes envelope around an object message, as client-go's protobuf serializer writes it. */
    static byte[] envelope(String apiVersion, String kind, ProtoWriter object) {
        ProtoWriter unknown = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, apiVersion).string(2, kind))
                .message(2, object)
                .string(3, "")
                .string(4, "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{'k', '8', 's', 0});
        body.writeBytes(unknown.toBytes());
        return body.toByteArray();
    }

    /** An ObjectMeta as go-to-protobuf writes it: every non-pointer scalar, zero or not, and an empty creation time. */
    static ProtoWriter objectMeta(String name, String namespace) {
        return new ProtoWriter().string(1, name).string(2, "").string(3, namespace).string(4, "").string(5, "")
                .string(6, "").varint(7, 0).message(8, new ProtoWriter());
    }
}

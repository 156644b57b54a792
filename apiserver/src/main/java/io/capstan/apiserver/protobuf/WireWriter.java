package io.capstan.apiserver.protobuf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes one protobuf message in the wire format, field by field. As proto3 does, it leaves out
 * fields that hold their zero value (empty string, false); nested messages are written whole with
 * {@link #message(int, WireWriter)}.
 */
public final class WireWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A string field; nothing when {@code value} is null or empty. */
    public WireWriter string(int field, String value) {
        if (value != null && !value.isEmpty()) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** A bool field; nothing when false. */
    public WireWriter bool(int field, boolean value) {
        if (value) {
            tag(field, WireReader.VARINT);
            varint(1);
        }
        return this;
    }

    /** An int64 field; nothing when zero. */
    public WireWriter int64(int field, long value) {
        if (value != 0) {
            tag(field, WireReader.VARINT);
            varint(value);
        }
        return this;
    }

    /** A double field; nothing when zero. */
    public WireWriter double64(int field, double value) {
        if (value != 0) {
            tag(field, WireReader.FIXED64);
            long bits = Double.doubleToRawLongBits(value);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)));
            }
        }
        return this;
    }

    /** An embedded message field, written even when the message is empty (its presence matters). */
    public WireWriter message(int field, WireWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** A length-delimited field holding {@code value}. */
    public WireWriter bytes(int field, byte[] value) {
        tag(field, WireReader.LENGTH_DELIMITED);
        varint(value.length);
        out.write(value, 0, value.length);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}

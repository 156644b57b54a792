package io.capstan.apiserver.protobuf;

import java.util.Arrays;

/** Reads the protobuf wire format: tags, varints, fixed 32- and 64-bit values and length-delimited bytes. */
public final class WireReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    private final byte[] buf;
    private final int end;
    private int pos;

    public WireReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    WireReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public boolean hasMore() {
        return pos < end;
    }

    /** Reads a field tag: the field number shifted left by three, or'ed with the wire type. */
    public int readTag() {
        long tag = readVarint();
        if (tag >>> 3 == 0 || tag >>> 3 > 0x1FFF_FFFF) {
            throw malformed("field number " + (tag >>> 3) + " is out of range");
        }
        return (int) tag;
    }

    public static int fieldNumber(int tag) {
        return tag >>> 3;
    }

    public static int wireType(int tag) {
        return tag & 7;
    }

    public long readVarint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw malformed("truncated varint");
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed("varint longer than ten bytes");
    }

    long readFixed64() {
        require(8);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = (value << 8) | (buf[pos + i] & 0xFFL);
        }
        pos += 8;
        return value;
    }

    int readFixed32() {
        require(4);
        int value = 0;
        for (int i = 3; i >= 0; i--) {
            value = (value << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 4;
        return value;
    }

    public byte[] readBytes() {
        long length = readVarint();
        if (length < 0 || length > end - pos) {
            throw malformed("length " + length + " runs past the end of the message");
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + (int) length);
        pos += (int) length;
        return out;
    }

    /** The encoded bytes of the next value (a length-delimited value keeps its length prefix). */
    byte[] readRawValue(int tag) {
        int start = pos;
        skip(tag);
        return Arrays.copyOfRange(buf, start, pos);
    }

    /** Skips the value of a field this reader's caller does not know, as protobuf requires of readers. */
    public void skip(int tag) {
        switch (wireType(tag)) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                require(8);
                pos += 8;
            }
            case LENGTH_DELIMITED -> readBytes();
            case FIXED32 -> {
                require(4);
                pos += 4;
            }
            case START_GROUP -> skipGroup(fieldNumber(tag));
            default -> throw malformed("unexpected wire type " + wireType(tag) + " for field " + fieldNumber(tag));
        }
    }

    private void skipGroup(int field) {
        while (true) {
            if (!hasMore()) {
                throw malformed("group " + field + " is not closed");
            }
            int tag = readTag();
            if (wireType(tag) == END_GROUP) {
                if (fieldNumber(tag) != field) {
                    throw malformed("group " + field + " closed as " + fieldNumber(tag));
                }
                return;
            }
            skip(tag);
        }
    }

    private void require(int n) {
        if (end - pos < n) {
            throw malformed("truncated fixed-width value");
        }
    }

    static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed protobuf body: " + why);
    }
}

package io.capstan.apiserver.protobuf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The protobuf wire format, byte for byte. */
class ProtobufWireReaderTest {

    @Test
    void varintsSpanBytesLowGroupFirst() {
        WireReader in = new WireReader(new byte[]{(byte) 0xAC, 0x02, 0x01});

        assertEquals(300, in.readVarint());
        assertEquals(1, in.readVarint());
        assertFalse(in.hasMore());
    }

    @Test
    void negativeNumbersUseTenByteVarints() {
        byte[] minusOne = new ProtoWriter().rawVarint(-1).toBytes();

        assertEquals(10, minusOne.length);
        assertEquals(-1, new WireReader(minusOne).readVarint());
    }

    @Test
    void fixedWidthValuesAreLittleEndian() {
        WireReader in = new WireReader(new byte[]{1, 2, 3, 4, 1, 0, 0, 0, 0, 0, 0, (byte) 0x80});

        assertEquals(0x04030201, in.readFixed32());
        assertEquals(0x8000000000000001L, in.readFixed64());
    }

    @Test
    void tagsSplitIntoFieldNumberAndWireType() {
        int tag = new WireReader(new byte[]{(byte) 0x92, 0x01}).readTag();

        assertEquals(18, WireReader.fieldNumber(tag));
        assertEquals(WireReader.LENGTH_DELIMITED, WireReader.wireType(tag));
    }

    @Test
    void skipPassesOverEveryWireTypeIncludingGroups() {
        byte[] message = new ProtoWriter().varint(1, 150).fixed64(2, 7).string(3, "abc").fixed32(4, 9)
                .tag(5, WireReader.START_GROUP).varint(1, 1).tag(5, WireReader.END_GROUP)
                .string(6, "last").toBytes();
        WireReader in = new WireReader(message);
        for (int i = 0; i < 5; i++) {
            in.skip(in.readTag());
        }

        assertEquals(6, WireReader.fieldNumber(in.readTag()));
        assertArrayEquals("last".getBytes(), in.readBytes());
    }

    @Test
    void truncatedVarintIsMalformed() {
        WireReader in = new WireReader(new byte[]{(byte) 0x80, (byte) 0x80});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, in::readVarint);

        assertEquals("malformed protobuf body: truncated varint", e.getMessage());
    }

    @Test
    void lengthPastTheEndIsMalformed() {
        WireReader in = new WireReader(new byte[]{0x05, 'a', 'b'});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, in::readBytes);

        assertEquals("malformed protobuf body: length 5 runs past the end of the message", e.getMessage());
    }

    @Test
    void fieldNumberZeroIsMalformed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WireReader(new byte[]{0x02}).readTag());

        assertEquals("malformed protobuf body: field number 0 is out of range", e.getMessage());
    }
}

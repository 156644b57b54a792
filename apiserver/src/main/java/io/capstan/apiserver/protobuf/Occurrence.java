package io.capstan.apiserver.protobuf;

/** One occurrence of a field in a message: its wire type and the encoded value, kept to interpret once its field is known. */
record Occurrence(int wireType, byte[] raw) {

    static Occurrence read(WireReader in, int tag) {
        int wireType = WireReader.wireType(tag);
        if (wireType == WireReader.START_GROUP || wireType == WireReader.END_GROUP) {
            throw WireReader.malformed("field " + WireReader.fieldNumber(tag) + " is a group, which the Kubernetes API never uses");
        }
        return new Occurrence(wireType, in.readRawValue(tag));
    }

    /** A reader positioned at the value. */
    WireReader reader() {
        return new WireReader(raw);
    }

    /** The payload of a length-delimited value. */
    byte[] bytes() {
        return reader().readBytes();
    }
}

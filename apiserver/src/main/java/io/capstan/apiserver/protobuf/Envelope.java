package io.capstan.apiserver.protobuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Kubernetes protobuf envelope: the magic {@code k8s\0}, then a {@code runtime.Unknown} with fields
 * 1 typeMeta (1 apiVersion, 2 kind), 2 raw (the object's own message), 3 contentEncoding, 4 contentType.
 */
record Envelope(String apiVersion, String kind, byte[] raw) {
    static final byte[] MAGIC = {'k', '8', 's', 0};

    static boolean hasMagic(byte[] body) {
        return body != null && body.length >= MAGIC.length
                && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    static Envelope parse(byte[] body) {
        if (!hasMagic(body)) {
            throw new IllegalArgumentException(
                    "not a Kubernetes protobuf body: it must start with the 4 bytes \"k8s\\0\"");
        }
        WireReader in = new WireReader(body, MAGIC.length, body.length - MAGIC.length);
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        String contentEncoding = "";
        String contentType = "";
        while (in.hasMore()) {
            int tag = in.readTag();
            int number = WireReader.fieldNumber(tag);
            if (number > 4) {
                in.skip(tag);
                continue;
            }
            if (WireReader.wireType(tag) != WireReader.LENGTH_DELIMITED) {
                throw WireReader.malformed("runtime.Unknown field " + number + " has wire type " + WireReader.wireType(tag));
            }
            byte[] value = in.readBytes();
            switch (number) {
                case 1 -> {
                    String[] typeMeta = typeMeta(value);
                    apiVersion = typeMeta[0];
                    kind = typeMeta[1];
                }
                case 2 -> raw = value;
                case 3 -> contentEncoding = utf8(value);
                default -> contentType = utf8(value);
            }
        }
        // Clients never set these today; a body that does needs handling we do not have, so say so.
        if (!contentEncoding.isEmpty()) {
            throw new IllegalArgumentException("protobuf bodies with contentEncoding \"" + contentEncoding
                    + "\" are not supported; send application/json");
        }
        if (!contentType.isEmpty() && !contentType.equals(ProtobufDecoder.CONTENT_TYPE)) {
            throw new IllegalArgumentException("protobuf envelopes holding \"" + contentType
                    + "\" are not supported; send application/json");
        }
        return new Envelope(apiVersion, kind, raw);
    }

    private static String[] typeMeta(byte[] message) {
        String[] out = {"", ""};
        WireReader in = new WireReader(message);
        while (in.hasMore()) {
            int tag = in.readTag();
            int number = WireReader.fieldNumber(tag);
            if ((number == 1 || number == 2) && WireReader.wireType(tag) == WireReader.LENGTH_DELIMITED) {
                out[number - 1] = utf8(in.readBytes());
            } else {
                in.skip(tag);
            }
        }
        return out;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

package io.capstan.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Decodes Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}), which kubectl's
 * typed clients send for built-in kinds, into the JSON tree upstream's JSON encoding gives the same object.
 */
public final class ProtobufDecoder {
    /** The media type of Kubernetes protobuf bodies. */
    public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

    private ProtobufDecoder() {
    }

    /** The table is parsed once, on first use, so servers that never see protobuf never pay for it. */
    private static final class Holder {
        static final DescriptorTable TABLE = DescriptorTable.standard();
        static final MessageDecoder DECODER = new MessageDecoder(TABLE);
    }

    /**
     * Decodes an enveloped object.
     *
     * @throws IllegalArgumentException when the body is not Kubernetes protobuf, is malformed, or holds a kind
     *                                  Capstan cannot decode
     */
    public static ObjectNode decode(byte[] body) {
        Envelope envelope = Envelope.parse(body);
        MessageDescriptor message = Holder.TABLE.forKind(envelope.apiVersion(), envelope.kind())
                .orElseThrow(() -> new IllegalArgumentException("protobuf bodies of " + envelope.apiVersion() + "/"
                        + envelope.kind() + " are not supported; send application/json"));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        // Go writes the inlined TypeMeta first: kind, then apiVersion.
        out.put("kind", envelope.kind());
        out.put("apiVersion", envelope.apiVersion());
        out.setAll(Holder.DECODER.decodeObject(message, envelope.raw()));
        return out;
    }

    /** Whether Capstan can decode protobuf bodies of this apiVersion and kind. */
    public static boolean supports(String apiVersion, String kind) {
        return Holder.TABLE.forKind(apiVersion, kind).isPresent();
    }

    /** Whether a body starts with the Kubernetes protobuf magic {@code k8s\0}. */
    public static boolean hasMagic(byte[] body) {
        return Envelope.hasMagic(body);
    }
}

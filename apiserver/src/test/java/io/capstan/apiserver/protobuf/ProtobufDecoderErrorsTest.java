package io.capstan.apiserver.protobuf;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.capstan.apiserver.protobuf.ProtoWriter.envelope;
import static io.capstan.apiserver.protobuf.ProtoWriter.objectMeta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bodies the decoder must refuse, and the readable reasons it gives. */
class ProtobufDecoderErrorsTest {

    @Test
    void bodyWithoutMagicIsRefused() {
        byte[] json = "{\"kind\":\"Namespace\"}".getBytes(StandardCharsets.UTF_8);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtobufDecoder.decode(json));

        assertEquals("not a Kubernetes protobuf body: it must start with the 4 bytes \"k8s\\0\"", e.getMessage());
    }

    @Test
    void unknownKindIsRefusedWithAPointerToJson() {
        byte[] body = envelope("example.com/v1", "Widget", new ProtoWriter().message(1, objectMeta("w", "")));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtobufDecoder.decode(body));

        assertEquals("protobuf bodies of example.com/v1/Widget are not supported; send application/json", e.getMessage());
    }

    @Test
    void knownKindUnderAnotherGroupVersionIsRefused() {
        byte[] body = envelope("apps/v1beta1", "Deployment", new ProtoWriter());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtobufDecoder.decode(body));

        assertEquals("protobuf bodies of apps/v1beta1/Deployment are not supported; send application/json", e.getMessage());
    }

    @Test
    void fieldWithTheWrongWireTypeIsRefused() {
        // ObjectMeta.name (1) is a string; here it arrives as a varint.
        byte[] body = envelope("v1", "Namespace", new ProtoWriter().message(1, new ProtoWriter().varint(1, 7)));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtobufDecoder.decode(body));

        assertTrue(e.getMessage().contains("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta.name (field 1) has wire type 0"),
                e.getMessage());
    }

    @Test
    void truncatedBodyIsRefused() {
        byte[] whole = envelope("v1", "Namespace", new ProtoWriter().message(1, objectMeta("x", "")));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 6);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtobufDecoder.decode(cut));

        assertTrue(e.getMessage().startsWith("malformed protobuf body:"), e.getMessage());
    }

    @Test
    void contentEncodingIsRefused() {
        ProtoWriter unknown = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "v1").string(2, "Namespace"))
                .message(2, new ProtoWriter()).string(3, "gzip");
        byte[] body = withMagic(unknown);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtobufDecoder.decode(body));

        assertEquals("protobuf bodies with contentEncoding \"gzip\" are not supported; send application/json", e.getMessage());
    }

    @Test
    void unknownFieldsAreSkippedAtEveryLevel() {
        ProtoWriter meta = objectMeta("x", "").varint(99, 5).fixed32(98, 1).fixed64(97, 2);
        ProtoWriter ns = new ProtoWriter().message(1, meta).string(1000, "from a newer kubectl");

        assertEquals("x", ProtobufDecoder.decode(envelope("v1", "Namespace", ns)).path("metadata").path("name").asText());
    }

    @Test
    void supportsAndHasMagicAnswerWithoutDecoding() {
        assertTrue(ProtobufDecoder.supports("v1", "Pod"));
        assertTrue(ProtobufDecoder.supports("policy/v1", "DeleteOptions"));
        assertFalse(ProtobufDecoder.supports("example.com/v1", "Widget"));
        assertTrue(ProtobufDecoder.hasMagic(new byte[]{'k', '8', 's', 0, 1}));
        assertFalse(ProtobufDecoder.hasMagic("{}".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] withMagic(ProtoWriter unknown) {
        byte[] message = unknown.toBytes();
        byte[] body = new byte[message.length + 4];
        body[0] = 'k';
        body[1] = '8';
        body[2] = 's';
        System.arraycopy(message, 0, body, 4, message.length);
        return body;
    }
}

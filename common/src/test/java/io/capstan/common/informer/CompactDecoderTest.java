package io.capstan.common.informer;

import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class CompactDecoderTest {
    private static String pod(String name, String uid, int rv) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"bench\",\"uid\":\"" + uid
                + "\",\"resourceVersion\":\"" + rv + "\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"app\","
                + "\"image\":\"registry.k8s.io/pause:3.10\",\"imagePullPolicy\":\"Always\"}],\"nodeName\":\"n1\"},"
                + "\"status\":{\"phase\":\"Pending\"}}";
    }

    @Test
    void equalValuesAreOneStringAndTheObjectIsUnchanged() {
        CompactDecoder<Pod> decoder = new CompactDecoder<>(Pod.class);
        String json = pod("a", "uid-a", 1);
        Pod a = decoder.decode(Json.tree(json.getBytes(StandardCharsets.UTF_8)));
        Pod b = decoder.decode(Json.tree(pod("b", "uid-b", 2).getBytes(StandardCharsets.UTF_8)));
        assertEquals(Json.convert(Json.tree(json.getBytes(StandardCharsets.UTF_8)), Pod.class), a, "decodes like plain Jackson");
        assertSame(a.getMetadata().getNamespace(), b.getMetadata().getNamespace());
        assertSame(a.getMetadata().getLabels().get("app"), b.getMetadata().getLabels().get("app"));
        assertSame(a.getSpec().getContainers().getFirst().getImage(), b.getSpec().getContainers().getFirst().getImage());
        assertSame(a.getStatus().getPhase(), b.getStatus().getPhase());
        assertNotSame(a.getMetadata().getName(), b.getMetadata().getName());

        int shared = decoder.sharedStrings();
        decoder.decode(Json.tree(pod("c", "uid-c", 3).getBytes(StandardCharsets.UTF_8)));
        assertEquals(shared, decoder.sharedStrings(), "names, uids and resourceVersions are not kept in the table");
    }
}

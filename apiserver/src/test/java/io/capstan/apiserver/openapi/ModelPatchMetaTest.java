package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import io.capstan.common.patch.LookupPatchMeta;
import io.capstan.common.patch.StrategicMergePatch;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Server-side strategic merge patch metadata from the published schemas, per kind and level. */
class ModelPatchMetaTest {

    private static JsonNode json(String s) {
        return Json.tree(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mergeKeysDependOnTheTypeNotJustTheFieldName() {
        LookupPatchMeta service = ModelPatchMeta.of(Service.class);
        assertEquals("port", service.field("spec").field("ports").mergeKey());
        LookupPatchMeta pod = ModelPatchMeta.of(Pod.class);
        LookupPatchMeta containers = pod.field("spec").field("containers");
        assertEquals("name", containers.mergeKey());
        assertEquals("containerPort", containers.field("ports").mergeKey());
        assertEquals("mountPath", containers.field("volumeMounts").mergeKey());
        assertEquals("", pod.field("metadata").field("finalizers").mergeKey(), "a primitive list merged as a set");
        assertNull(pod.field("spec").field("tolerations").mergeKey(), "atomic lists are replaced");
        assertNull(pod.field("spec").field("nosuchfield").field("containers").mergeKey());
        LookupPatchMeta template = ModelPatchMeta.of(Deployment.class).field("spec").field("template").field("spec");
        assertEquals("name", template.field("containers").mergeKey());
        assertEquals("name", template.field("volumes").mergeKey(), "merge,retainKeys merges too");
    }

    @Test
    void aServicePortPatchMergesByPort() {
        JsonNode current = json("{'spec':{'ports':[{'name':'http','port':80,'targetPort':8080},{'name':'https','port':443,'targetPort':8443}]}}");
        JsonNode patch = json("{'spec':{'$setElementOrder/ports':[{'port':80},{'port':443}],'ports':[{'port':443,'targetPort':9443}]}}");
        JsonNode patched = StrategicMergePatch.apply(current, patch, ModelPatchMeta.of(Service.class));
        assertEquals(json("{'spec':{'ports':[{'name':'http','port':80,'targetPort':8080},{'name':'https','port':443,'targetPort':9443}]}}"),
                patched);
    }
}

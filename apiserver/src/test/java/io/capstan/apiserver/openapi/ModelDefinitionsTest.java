package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.BuiltinResources;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.common.api.GroupVersionKind;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schemas generated from the fabric8 model classes, in upstream's names and shapes. */
class ModelDefinitionsTest {
    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    private static Map<String, ObjectNode> served(ModelDefinitions.Dialect dialect) {
        ModelDefinitions defs = new ModelDefinitions(dialect);
        List<ResourceDefinition> all = BuiltinResources.all();
        List<GroupVersionResource> gvs = new ArrayList<>();
        all.forEach(d -> {
            GroupVersionResource gv = new GroupVersionResource(d.group(), d.gvr().version(), "");
            if (!gvs.contains(gv)) {
                gvs.add(gv);
            }
        });
        ServedKinds.add(defs, all, gvs);
        return defs.definitions();
    }

    private static final Map<String, ObjectNode> V3 = served(ModelDefinitions.Dialect.OPENAPI_3);
    private static final Map<String, ObjectNode> V2 = served(ModelDefinitions.Dialect.SWAGGER_2);

    @Test
    void podSpecContainersIsAMapListOfContainerWithPatchExtensions() {
        JsonNode containers = V3.get(CORE + "PodSpec").path("properties").path("containers");
        assertEquals("array", containers.path("type").asText());
        assertEquals("#/components/schemas/io.k8s.api.core.v1.Container", containers.path("items").path("$ref").asText());
        assertEquals("merge", containers.path("x-kubernetes-patch-strategy").asText());
        assertEquals("name", containers.path("x-kubernetes-patch-merge-key").asText());
        assertEquals("map", containers.path("x-kubernetes-list-type").asText());
        assertEquals("[\"name\"]", containers.path("x-kubernetes-list-map-keys").toString());
        assertEquals("[\"containers\"]", V3.get(CORE + "PodSpec").path("required").toString());
        JsonNode v2 = V2.get(CORE + "PodSpec").path("properties").path("containers");
        assertEquals("#/definitions/io.k8s.api.core.v1.Container", v2.path("items").path("$ref").asText());
        assertEquals("merge", v2.path("x-kubernetes-patch-strategy").asText());
    }

    @Test
    void podRefersToItsSpecThroughAllOfInV3AndDirectlyInV2() {
        assertEquals("#/components/schemas/io.k8s.api.core.v1.PodSpec",
                V3.get(CORE + "Pod").path("properties").path("spec").path("allOf").path(0).path("$ref").asText());
        assertEquals("#/definitions/io.k8s.api.core.v1.PodSpec",
                V2.get(CORE + "Pod").path("properties").path("spec").path("$ref").asText());
        assertEquals("#/components/schemas/" + META + "ObjectMeta",
                V3.get(CORE + "Pod").path("properties").path("metadata").path("allOf").path(0).path("$ref").asText());
        JsonNode port = V3.get(CORE + "Container").path("properties").path("ports");
        assertEquals("containerPort", port.path("x-kubernetes-patch-merge-key").asText());
        assertEquals("[\"containerPort\",\"protocol\"]", port.path("x-kubernetes-list-map-keys").toString());
    }

    @Test
    void topLevelKindsCarryTheirGroupVersionKind() {
        assertEquals("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]",
                V3.get("io.k8s.api.apps.v1.Deployment").path("x-kubernetes-group-version-kind").toString());
        assertEquals("[{\"group\":\"apps\",\"kind\":\"DeploymentList\",\"version\":\"v1\"}]",
                V3.get("io.k8s.api.apps.v1.DeploymentList").path("x-kubernetes-group-version-kind").toString());
        assertEquals("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]",
                V3.get(CORE + "Pod").path("x-kubernetes-group-version-kind").toString());
        assertFalse(V3.get(CORE + "PodSpec").has("x-kubernetes-group-version-kind"), "nested types have no GVK");
        JsonNode deleteOptions = V3.get(META + "DeleteOptions").path("x-kubernetes-group-version-kind");
        assertTrue(deleteOptions.toString().contains("{\"group\":\"apps\",\"kind\":\"DeleteOptions\",\"version\":\"v1\"}"));
        assertNotNull(V3.get("io.k8s.api.autoscaling.v1.Scale"));
        assertEquals("retainKeys", V3.get("io.k8s.api.apps.v1.DeploymentSpec").path("properties").path("strategy")
                .path("x-kubernetes-patch-strategy").asText());
    }

    @Test
    void intOrStringQuantityAndTimeHaveUpstreamFormats() {
        JsonNode intOrString = V3.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertEquals("int-or-string", intOrString.path("format").asText());
        assertEquals("[{\"type\":\"integer\"},{\"type\":\"string\"}]", intOrString.path("oneOf").toString());
        assertEquals("{\"format\":\"int-or-string\",\"type\":\"string\"}",
                V2.get("io.k8s.apimachinery.pkg.util.intstr.IntOrString").toString());
        assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString",
                V3.get(CORE + "ServicePort").path("properties").path("targetPort").path("allOf").path(0).path("$ref").asText());
        assertEquals("#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity",
                V3.get(CORE + "ResourceRequirements").path("properties").path("limits").path("additionalProperties").path("$ref").asText());
        assertEquals("{\"format\":\"date-time\",\"type\":\"string\"}", V3.get(META + "Time").toString());
        assertEquals("#/components/schemas/" + META + "Time",
                V3.get(META + "ObjectMeta").path("properties").path("creationTimestamp").path("allOf").path(0).path("$ref").asText());
        assertEquals("{\"type\":\"string\"}",
                V3.get(META + "ObjectMeta").path("properties").path("labels").path("additionalProperties").toString());
        assertEquals("atomic", V3.get(META + "LabelSelector").path("x-kubernetes-map-type").asText());
        assertEquals("set", V3.get(META + "ObjectMeta").path("properties").path("finalizers").path("x-kubernetes-list-type").asText());
        assertEquals("byte", V3.get(CORE + "Secret").path("properties").path("data").path("additionalProperties").path("format").asText());
    }

    @Test
    void descriptionsComeFromTheModelSourcesExceptFabric8sWrongOnes() {
        assertTrue(V3.get(CORE + "Pod").path("description").asText().startsWith("Pod is a collection of containers"));
        assertTrue(V3.get(CORE + "Container").path("properties").path("image").path("description").asText()
                .startsWith("Container image name."));
        assertTrue(V3.get(CORE + "PodSpec").path("properties").path("containers").path("description").asText()
                .startsWith("List of containers belonging to the pod."));
        // fabric8 documents struct-typed fields with their owner's description: left out, not published wrong.
        assertFalse(V3.get(CORE + "Pod").path("properties").path("spec").has("description"));
        assertTrue(V2.get(CORE + "ContainerPort").path("properties").path("containerPort").path("description").asText()
                .contains("0 < x < 65536"), "HTML entities decoded");
    }

    @ParameterizedTest
    @CsvSource({
            "io.fabric8.kubernetes.api.model.Pod, io.k8s.api.core.v1.Pod",
            "io.fabric8.kubernetes.api.model.ObjectMeta, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            "io.fabric8.kubernetes.api.model.apps.Deployment, io.k8s.api.apps.v1.Deployment",
            "io.fabric8.kubernetes.api.model.batch.v1.CronJob, io.k8s.api.batch.v1.CronJob",
            "io.fabric8.kubernetes.api.model.storage.StorageClass, io.k8s.api.storage.v1.StorageClass",
            "io.fabric8.kubernetes.api.model.networking.v1.Ingress, io.k8s.api.networking.v1.Ingress",
            "io.fabric8.kubernetes.api.model.Quantity, io.k8s.apimachinery.pkg.api.resource.Quantity",
    })
    void definitionNamesAreUpstreams(String fabric8, String upstream) throws Exception {
        assertEquals(upstream, DefinitionNames.of(Class.forName(fabric8)));
    }

    @Test
    void everyReferenceResolves() {
        for (Map<String, ObjectNode> defs : List.of(V2, V3)) {
            List<String> dangling = new ArrayList<>();
            defs.values().forEach(d -> refs(d, dangling, defs));
            assertEquals(List.of(), dangling);
        }
        assertNotNull(new ModelDefinitions(ModelDefinitions.Dialect.OPENAPI_3).add(Pod.class));
        Json.bytes(V3); // serializable
        assertEquals(new GroupVersionKind("", "v1", "Pod").apiVersion(), "v1");
    }

    private static void refs(JsonNode node, List<String> dangling, Map<String, ObjectNode> defs) {
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            if (!defs.containsKey(name)) {
                dangling.add(ref);
            }
        }
        node.forEach(child -> refs(child, dangling, defs));
    }
}

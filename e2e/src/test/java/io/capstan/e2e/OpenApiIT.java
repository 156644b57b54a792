package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /openapi/v3} and {@code /openapi/v2} as the real kubectl uses them through the aggregator:
 * {@code explain} (v3, and v2's protobuf form), validation of {@code create}, and client-side
 * {@code apply}'s strategic merge patches built from the published patch metadata.
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class OpenApiIT {

    @Test
    void explainPodsSpecContainersListsTheContainerFields(Kubectl kubectl) {
        String out = kubectl.run("explain", "pods.spec.containers").assertOk().stdout();
        assertTrue(out.startsWith("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n"), out);
        assertTrue(out.contains("\n  image\t<string>\n"), out);
        assertTrue(out.contains("\n  ports\t<[]ContainerPort>\n"), out);
        assertTrue(out.contains("\n  name\t<string> -required-\n"), out);
        assertTrue(out.contains("\n  resources\t<ResourceRequirements>\n"), out);
        // Upstream's documentation, from the fabric8 model sources: the field's, then its type's.
        assertTrue(out.contains("\nDESCRIPTION:\n    List of containers belonging to the pod. Containers cannot currently be\n"), out);
        assertTrue(out.contains("\n    A single application container that you want to run within a pod.\n"), out);
        assertTrue(out.contains("\n  image\t<string>\n    Container image name. More info:\n"), out);
    }

    @Test
    void explainDeploymentSpecRecursivePrintsTheNestedFields(Kubectl kubectl) {
        String out = kubectl.run("explain", "deployment.spec", "--recursive").assertOk().stdout();
        assertTrue(out.startsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: spec <DeploymentSpec>\n"), out);
        assertTrue(out.contains("\n  selector\t<LabelSelector> -required-\n"), out);
        assertTrue(out.contains("\n    matchLabels\t<map[string]string>\n"), out);
        assertTrue(out.contains("\n      maxSurge\t<IntOrString>\n"), out);
        assertTrue(out.contains("\n  template\t<PodTemplateSpec> -required-\n"), out);
        assertTrue(out.contains("\n      containers\t<[]Container> -required-\n        args\t<[]string>\n"), out);
        assertTrue(out.contains("\n        image\t<string>\n"), out);
    }

    @Test
    void explainPodsWithApiVersionPrintsTheTopLevelFields(Kubectl kubectl) {
        String out = kubectl.run("explain", "pods", "--api-version=v1").assertOk().stdout();
        assertTrue(out.startsWith("KIND:       Pod\nVERSION:    v1\n"), out);
        for (String field : new String[] {"apiVersion\t<string>", "kind\t<string>", "metadata\t<ObjectMeta>",
                "spec\t<PodSpec>", "status\t<PodStatus>"}) {
            assertTrue(out.contains("\n  " + field + "\n"), field + " in\n" + out);
        }
        Kubectl.Result missing = kubectl.run("explain", "pods.spec.nosuchfield");
        assertFalse(missing.ok());
        assertTrue(missing.stderr().contains("field \"nosuchfield\" does not exist"), missing.stderr());
    }

    @Test
    void explainFromTheSwaggerProtobufDocument(Kubectl kubectl) {
        // plaintext-openapiv2 reads /openapi/v2 in gnostic's protobuf form.
        String out = kubectl.run("explain", "pods.spec.containers", "--output=plaintext-openapiv2").assertOk().stdout();
        assertTrue(out.contains("RESOURCE: containers <[]Object>"), out);
        assertTrue(out.contains("   image\t<string>"), out);
        assertTrue(out.contains("   name\t<string> -required-"), out);
    }

    @Test
    void createRefusesAnUnknownFieldUnlessValidationIsOff(Kubectl kubectl) {
        String name = "strict-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                spec:
                  foo: bar
                  containers:
                  - name: c
                    image: nginx
                """.formatted(name);
        Kubectl.Result refused = kubectl.runWithInput(pod, "create", "-f", "-");
        assertFalse(refused.ok(), refused.stdout());
        assertTrue(refused.stderr().contains("strict decoding error: unknown field \"spec.foo\""), refused.stderr());
        kubectl.runWithInput(pod, "create", "--validate=false", "-f", "-").assertOk();
        assertEquals("pod/" + name, kubectl.run("get", "pod", name, "-o", "name").assertOk().stdout().strip());
    }

    @Test
    void applyTwiceSendsAStrategicMergePatchFromTheV3Schemas(Kubectl kubectl) {
        String name = "applied-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      containers:
                      - name: web
                        image: nginx:%s
                        env: [{name: A, value: "1"}]
                      - name: sidecar
                        image: busybox
                """;
        kubectl.runWithInput(deployment.formatted(name, name, name, "1.25"), "apply", "-f", "-").assertOk();
        Kubectl.Result second = kubectl.runWithInput(deployment.formatted(name, name, name, "1.26"), "apply", "-f", "-", "-v=9")
                .assertOk();
        assertTrue(second.stderr().contains("Content-Type: application/strategic-merge-patch+json"), second.stderr());
        assertTrue(second.stderr().contains("$setElementOrder/containers"), second.stderr());
        assertFalse(second.stderr().contains("warning: error calculating patch"), second.stderr());
        assertTrue(second.stdout().contains("deployment.apps/" + name + " configured"), second.stdout());
        assertEquals("nginx:1.26 busybox", kubectl.run("get", "deployment", name, "-o",
                "jsonpath={.spec.template.spec.containers[*].image}").assertOk().stdout().strip());
    }

    @Test
    void applyMergesAServicesPortsByPortAsUpstream(Kubectl kubectl) {
        String name = "svc-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String service = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  selector: {app: web}
                  ports:
                  - {name: http, port: 80, targetPort: 8080}
                  - {name: https, port: 443, targetPort: %d}
                """;
        kubectl.runWithInput(service.formatted(name, 8443), "apply", "-f", "-").assertOk();
        kubectl.runWithInput(service.formatted(name, 9443), "apply", "-f", "-").assertOk();
        // ServiceSpec.ports merge on "port" (not containerPort): the second port is updated in place.
        assertEquals("80:8080 443:9443", kubectl.run("get", "service", name, "-o",
                "jsonpath={range .spec.ports[*]}{.port}:{.targetPort} {end}").assertOk().stdout().strip());
    }

    @Test
    void getRawOpenApiV3ListsEveryGroupVersionWithItsHash(Kubectl kubectl) {
        JsonNode index = json(kubectl.run("get", "--raw", "/openapi/v3").assertOk().stdout());
        String url = index.path("paths").path("api/v1").path("serverRelativeURL").asText();
        assertTrue(url.matches("/openapi/v3/api/v1\\?hash=[0-9A-F]{128}"), url);
        assertTrue(index.path("paths").has("apis/apps/v1"), index.toString());
        JsonNode core = json(kubectl.run("get", "--raw", url).assertOk().stdout());
        assertEquals("[{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}]",
                core.path("components").path("schemas").path("io.k8s.api.core.v1.Pod").path("x-kubernetes-group-version-kind").toString());
    }

    private static JsonNode json(String text) {
        return Json.tree(text.getBytes(StandardCharsets.UTF_8));
    }
}

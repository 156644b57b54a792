package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceAccountAdmissionTest {

    @ParameterizedTest(name = "{0} runs as {1}")
    @CsvSource(delimiter = '|', value = {
            "{}|default",
            "{'serviceAccountName':'builder'}|builder",
            "{'serviceAccount':'legacy'}|legacy",
            "{'serviceAccountName':''}|default",
    })
    void namesTheServiceAccount(String spec, String expected) throws Exception {
        ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("{\"spec\":" + spec.replace('\'', '"') + "}");
        ServiceAccountAdmission.admit(pod);
        assertEquals(expected, pod.path("spec").path("serviceAccountName").asText());
        assertEquals(expected, pod.path("spec").path("serviceAccount").asText());
    }

    @org.junit.jupiter.api.Test
    void leavesMirrorPodsAlone() throws Exception {
        ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"annotations\":{\"kubernetes.io/config.mirror\":\"x\"}},\"spec\":{}}");
        ServiceAccountAdmission.admit(pod);
        assertEquals("{}", pod.path("spec").toString());
    }

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(s.replace('\'', '"'));
    }

    /** The pod after admission, with the accounts {@code default} (no setting), {@code mount} and {@code nomount}. */
    private static ObjectNode admitted(String spec) throws Exception {
        ObjectNode pod = json("{'metadata':{'namespace':'ns','name':'p'},'spec':" + spec + "}");
        new ServiceAccountAdmission((ns, name) -> {
            assertEquals("ns", ns);
            return switch (name) {
                case "default" -> node("{}");
                case "mount" -> node("{'automountServiceAccountToken':true}");
                case "nomount" -> node("{'automountServiceAccountToken':false,'imagePullSecrets':[{'name':'pull'}]}");
                default -> null;
            };
        }).admitCreate(pod);
        return pod;
    }

    /** {@link #json} for lambdas. */
    private static ObjectNode node(String s) {
        try {
            return json(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** service_accounts.go's "should allow opting out of API token automount" cases: the pod's setting wins. */
    @ParameterizedTest(name = "account {0}, pod automount {1}: token volume {2}")
    @CsvSource({
            "default, , true", "mount, , true", "nomount, , false",
            "default, true, true", "mount, true, true", "nomount, true, true",
            "default, false, false", "mount, false, false", "nomount, false, false"})
    void mountsTheApiTokenUnlessThePodOrItsAccountOptsOut(String account, Boolean automount, boolean expectTokenVolume) throws Exception {
        ObjectNode pod = admitted("{'serviceAccountName':'" + account + "'"
                + (automount == null ? "" : ",'automountServiceAccountToken':" + automount)
                + ",'initContainers':[{'name':'init','image':'i'}],'containers':[{'name':'token-test','image':'i'}]}");
        JsonNode spec = pod.path("spec");
        for (String list : new String[] {"initContainers", "containers"}) {
            JsonNode mounts = spec.path(list).get(0).path("volumeMounts");
            assertEquals(expectTokenVolume ? 1 : 0, mounts.size(), pod.toString());
            if (expectTokenVolume) {
                assertEquals(ServiceAccountAdmission.DEFAULT_API_TOKEN_MOUNT_PATH, mounts.get(0).path("mountPath").asText());
                assertTrue(mounts.get(0).path("readOnly").asBoolean());
                assertEquals(spec.path("volumes").get(0).path("name").asText(), mounts.get(0).path("name").asText());
            }
        }
        assertEquals(expectTokenVolume ? 1 : 0, spec.path("volumes").size(), pod.toString());
    }

    @org.junit.jupiter.api.Test
    void theTokenVolumeProjectsABoundTokenTheClusterCaAndTheNamespace() throws Exception {
        JsonNode volume = admitted("{'containers':[{'name':'c','image':'i'}]}").path("spec").path("volumes").get(0);
        assertTrue(volume.path("name").asText().matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}"), volume.toString());
        assertEquals(json("{'sources':["
                + "{'serviceAccountToken':{'expirationSeconds':3607,'path':'token'}},"
                + "{'configMap':{'name':'kube-root-ca.crt','items':[{'key':'ca.crt','path':'ca.crt'}]}},"
                + "{'downwardAPI':{'items':[{'path':'namespace','fieldRef':{'apiVersion':'v1','fieldPath':'metadata.namespace'}}]}}],"
                + "'defaultMode':420}").toString(), volume.path("projected").toString());
    }

    @org.junit.jupiter.api.Test
    void anExistingTokenVolumeAndAnExistingMountAreKept() throws Exception {
        JsonNode spec = admitted("{'volumes':[{'name':'kube-api-access-abcde','emptyDir':{}}],'containers':["
                + "{'name':'a','image':'i'},"
                + "{'name':'b','image':'i','volumeMounts':[{'name':'own','mountPath':'/var/run/secrets/kubernetes.io/serviceaccount'}]}]}")
                .path("spec");
        assertEquals(1, spec.path("volumes").size(), spec.toString());
        assertEquals("kube-api-access-abcde", spec.path("containers").get(0).path("volumeMounts").get(0).path("name").asText());
        assertEquals("own", spec.path("containers").get(1).path("volumeMounts").get(0).path("name").asText());
        assertEquals(1, spec.path("containers").get(1).path("volumeMounts").size());
    }

    @org.junit.jupiter.api.Test
    void aPodWithoutImagePullSecretsTakesItsAccounts() throws Exception {
        assertEquals("[{\"name\":\"pull\"}]", admitted("{'serviceAccountName':'nomount','containers':[{'name':'c','image':'i'}]}")
                .path("spec").path("imagePullSecrets").toString());
        assertEquals("[{\"name\":\"mine\"}]", admitted("{'serviceAccountName':'nomount','imagePullSecrets':[{'name':'mine'}],"
                + "'containers':[{'name':'c','image':'i'}]}").path("spec").path("imagePullSecrets").toString());
    }

    @org.junit.jupiter.api.Test
    void aMissingAccountOrAMirrorPodGetsNoTokenVolume() throws Exception {
        assertTrue(admitted("{'serviceAccountName':'absent','containers':[{'name':'c','image':'i'}]}").path("spec").path("volumes").isMissingNode());
        ObjectNode mirror = json("{'metadata':{'namespace':'ns','annotations':{'kubernetes.io/config.mirror':'x'}},"
                + "'spec':{'containers':[{'name':'c','image':'i'}]}}");
        new ServiceAccountAdmission((ns, name) -> node("{}")).admitCreate(mirror);
        assertFalse(mirror.path("spec").has("volumes"), mirror.toString());
        assertFalse(mirror.path("spec").has("serviceAccountName"), mirror.toString());
    }
}

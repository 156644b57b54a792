package io.capstan.e2e.conformance;

import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of upstream's API-only ConfigMap and Secret conformance tests (v1.32), with upstream's
 * assertions:
 * <ul>
 *   <li>kubernetes/kubernetes {@code test/e2e/common/node/configmap.go}: a ConfigMap's lifecycle
 *   (create, get, strategic-merge patch, list across namespaces by label, delete by collection), and
 *   the refusal of an empty data key;</li>
 *   <li>{@code test/e2e/common/node/secrets.go}: patching a Secret (create, list across namespaces,
 *   strategic-merge patch, delete by collection) and the refusal of an empty data key;</li>
 *   <li>{@code test/e2e/common/storage/configmap_volume.go} and {@code secrets_volume.go}: an
 *   {@code immutable} ConfigMap or Secret refuses data changes and going back to mutable with
 *   {@code 422 Invalid}, while its metadata may still change and it may be deleted.</li>
 * </ul>
 * The tests of those files that need a running pod (a kubelet) are not twinned. The fabric8 client
 * stands in for client-go: where client-go's {@code Secret.Data} holds the decoded bytes, fabric8's
 * holds their base64 text, so the twins encode and decode where client-go would not need to.
 */
abstract class ConfigMapSecretConformance {

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    /** Upstream's {@code newConfigMap}: data-1..3 = value-1..3. */
    private static ConfigMap newConfigMap(Framework f, String name) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(f.namespace()).withName(name).endMetadata()
                .withData(new HashMap<>(Map.of("data-1", "value-1", "data-2", "value-2", "data-3", "value-3"))).build();
    }

    /** Upstream's {@code secretForTest}: data-1..3 = "value-1\n".."value-3\n" (base64 on the wire). */
    private static Secret secretForTest(String namespace, String name) {
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withData(new HashMap<>(Map.of("data-1", base64("value-1\n"), "data-2", base64("value-2\n"),
                        "data-3", base64("value-3\n")))).build();
    }

    /** Upstream's {@code apierrors.IsInvalid}: the error's reason is {@code Invalid}. */
    private static void expectInvalid(Runnable update) {
        try {
            update.run();
        } catch (KubernetesClientException e) {
            String reason = e.getStatus() == null ? null : e.getStatus().getReason();
            if (!"Invalid".equals(reason)) {
                fail("expected 'invalid' as error, got instead: " + e.getCode() + " " + reason + ": " + e.getMessage());
            }
            return;
        }
        fail("expected 'invalid' as error, got instead: <nil>");
    }

    // ---- test/e2e/common/node/configmap.go ----

    @Test
    @DisplayName("[sig-node] ConfigMap should fail to create ConfigMap with empty key [Conformance]")
    void failsToCreateConfigMapWithEmptyKey(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "configmap")) {
            // newConfigMapWithEmptyKey: Creating configMap that has name configmap-test-emptyKey-<uuid>
            String name = "configmap-test-emptyKey-" + uuid();
            ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withNamespace(f.namespace()).withName(name)
                    .endMetadata().withData(Map.of("", "value-1")).build();
            // framework.ExpectError: the create must fail
            assertThrows(KubernetesClientException.class,
                    () -> f.client().configMaps().inNamespace(f.namespace()).resource(configMap).create(),
                    "created configMap " + name + " with empty key in namespace " + f.namespace());
        }
    }

    @Test
    @DisplayName("[sig-node] ConfigMap should run through a ConfigMap lifecycle [Conformance]")
    void runsThroughAConfigMapLifecycle(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "configmap")) {
            String testNamespaceName = f.namespace();
            String testConfigMapName = "test-configmap" + uuid();
            ConfigMap testConfigMap = new ConfigMapBuilder().withNewMetadata().withName(testConfigMapName)
                    .addToLabels("test-configmap-static", "true").endMetadata()
                    .withData(Map.of("valueName", "value")).build();

            // creating a ConfigMap
            f.client().configMaps().inNamespace(testNamespaceName).resource(testConfigMap).create();

            // fetching the ConfigMap
            ConfigMap configMap = f.client().configMaps().inNamespace(testNamespaceName).withName(testConfigMapName).get();
            assertEquals(testConfigMap.getData().get("valueName"), configMap.getData().get("valueName"));
            assertEquals(testConfigMap.getMetadata().getLabels().get("test-configmap-static"),
                    configMap.getMetadata().getLabels().get("test-configmap-static"));

            // patching the ConfigMap: the payload is json.Marshal(v1.ConfigMap{...}), which carries the
            // zero creationTimestamp as null (metav1.Time marshals its zero value as null; omitempty
            // does not drop structs)
            String configMapPatchPayload = "{\"metadata\":{\"creationTimestamp\":null,\"labels\":{\"test-configmap\":\"patched\"}},"
                    + "\"data\":{\"valueName\":\"value1\"}}";
            f.client().configMaps().inNamespace(testNamespaceName).withName(testConfigMapName)
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), configMapPatchPayload);

            // listing all ConfigMaps in all namespaces with a label selector
            ConfigMapList configMapList = f.client().configMaps().inAnyNamespace()
                    .withLabelSelector("test-configmap=patched").list();
            boolean testConfigMapFound = false;
            for (ConfigMap cm : configMapList.getItems()) {
                Map<String, String> labels = cm.getMetadata().getLabels() == null ? Map.of() : cm.getMetadata().getLabels();
                Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
                if (testConfigMapName.equals(cm.getMetadata().getName())
                        && testNamespaceName.equals(cm.getMetadata().getNamespace())
                        && "true".equals(labels.get("test-configmap-static"))
                        && "patched".equals(labels.get("test-configmap"))
                        && "value1".equals(data.get("valueName"))) {
                    testConfigMapFound = true;
                    break;
                }
            }
            if (!testConfigMapFound) {
                fail("failed to find ConfigMap " + testNamespaceName + "/" + testConfigMapName + " by label selector");
            }

            // deleting the ConfigMap by collection with a label selector (fabric8: one DELETE on the collection)
            f.client().configMaps().inNamespace(testNamespaceName).withLabel("test-configmap-static", "true").delete();

            // listing all ConfigMaps in test namespace
            configMapList = f.client().configMaps().inNamespace(testNamespaceName)
                    .withLabelSelector("test-configmap-static=true").list();
            assertEquals(0, configMapList.getItems().size(), "ConfigMap is still present after being deleted by collection");
        }
    }

    // ---- test/e2e/common/node/secrets.go ----

    @Test
    @DisplayName("[sig-node] Secrets should fail to create secret due to empty secret key [Conformance]")
    void failsToCreateSecretDueToEmptySecretKey(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "secrets")) {
            // createEmptyKeySecretForTest: Creating projection with secret that has name secret-emptykey-test-<uuid>
            String secretName = "secret-emptykey-test-" + uuid();
            Secret secret = new SecretBuilder().withNewMetadata().withNamespace(f.namespace()).withName(secretName)
                    .endMetadata().withData(Map.of("", base64("value-1\n"))).build();
            // framework.ExpectError: the create must fail
            assertThrows(KubernetesClientException.class,
                    () -> f.client().secrets().inNamespace(f.namespace()).resource(secret).create(),
                    "created secret " + secretName + " with empty key in namespace " + f.namespace());
        }
    }

    @Test
    @DisplayName("[sig-node] Secrets should patch a secret [Conformance]")
    void patchesASecret(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "secrets")) {
            // creating a secret
            String secretTestName = "test-secret-" + uuid();
            f.client().secrets().inNamespace(f.namespace()).resource(new SecretBuilder().withNewMetadata()
                    .withName(secretTestName).addToLabels("testsecret-constant", "true").endMetadata()
                    .withData(Map.of("key", base64("value"))).withType("Opaque").build()).create();

            // listing secrets in all namespaces to ensure that there are more than zero
            SecretList secretsList = f.client().secrets().inAnyNamespace().withLabelSelector("testsecret-constant=true").list();
            assertNotEquals(0, secretsList.getItems().size(), "no secrets found");
            boolean foundCreatedSecret = false;
            String secretCreatedName = null;
            for (Secret val : secretsList.getItems()) {
                if (secretTestName.equals(val.getMetadata().getName()) && f.namespace().equals(val.getMetadata().getNamespace())) {
                    foundCreatedSecret = true;
                    secretCreatedName = val.getMetadata().getName();
                    break;
                }
            }
            if (!foundCreatedSecret) {
                fail("unable to find secret " + f.namespace() + "/" + secretTestName + " by name");
            }

            // patching the secret: upstream marshals map[string][]byte{"key": []byte(base64("value1"))},
            // so the wire carries base64(base64("value1")) and the stored bytes are base64("value1")
            String secretPatchNewData = base64("value1");
            String secretPatch = "{\"data\":{\"key\":\"" + base64(secretPatchNewData) + "\"},"
                    + "\"metadata\":{\"labels\":{\"testsecret\":\"true\"}}}";
            f.client().secrets().inNamespace(f.namespace()).withName(secretCreatedName)
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), secretPatch);

            Secret secret = f.client().secrets().inNamespace(f.namespace()).withName(secretCreatedName).get();
            // client-go's secret.Data["key"] is decode(fabric8's data.key); upstream base64-decodes those bytes again
            String secretDecodedstring = decode(decode(secret.getData().get("key")));
            assertEquals("value1", secretDecodedstring, "found secret, but the data wasn't updated from the patch");

            // deleting the secret using a LabelSelector (fabric8: one DELETE on the collection)
            f.client().secrets().inNamespace(f.namespace()).withLabel("testsecret", "true").delete();

            // listing secrets in all namespaces, searching for label name and value in patch
            secretsList = f.client().secrets().inAnyNamespace().withLabelSelector("testsecret-constant=true").list();
            foundCreatedSecret = false;
            for (Secret val : secretsList.getItems()) {
                if (secretTestName.equals(val.getMetadata().getName()) && f.namespace().equals(val.getMetadata().getNamespace())) {
                    foundCreatedSecret = true;
                    break;
                }
            }
            if (foundCreatedSecret) {
                fail("secret " + f.namespace() + "/" + secretTestName + " was not deleted successfully");
            }
        }
    }

    // ---- test/e2e/common/storage/configmap_volume.go ----

    @Test
    @DisplayName("[sig-storage] ConfigMap should be immutable if `immutable` field is set [Conformance]")
    void configMapIsImmutableIfImmutableIsSet(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "configmap")) {
            String name = "immutable";
            ConfigMap configMap = newConfigMap(f, name);
            var configMaps = f.client().configMaps().inNamespace(f.namespace());

            ConfigMap currentConfigMap = configMaps.resource(configMap).create();

            currentConfigMap.getData().put("data-4", "value-4");
            currentConfigMap = configMaps.resource(currentConfigMap).update();

            // Mark config map as immutable.
            currentConfigMap.setImmutable(true);
            currentConfigMap = configMaps.resource(currentConfigMap).update();

            // Ensure data can't be changed now.
            currentConfigMap.getData().put("data-5", "value-5");
            ConfigMap changedData = currentConfigMap;
            expectInvalid(() -> configMaps.resource(changedData).update());

            // Ensure config map can't be switched from immutable to mutable.
            currentConfigMap = configMaps.withName(name).get();
            if (!Boolean.TRUE.equals(currentConfigMap.getImmutable())) {
                fail("currentConfigMap " + currentConfigMap.getMetadata().getName() + " can be switched from immutable to mutable");
            }

            currentConfigMap.setImmutable(false);
            ConfigMap mutable = currentConfigMap;
            expectInvalid(() -> configMaps.resource(mutable).update());

            // Ensure that metadata can be changed.
            currentConfigMap = configMaps.withName(name).get();
            currentConfigMap.getMetadata().setLabels(Map.of("label1", "value1"));
            configMaps.resource(currentConfigMap).update();

            // Ensure that immutable config map can be deleted.
            assertTrue(!configMaps.withName(name).delete().isEmpty(),
                    "Failed to delete config map " + name + " in namespace " + f.namespace());
        }
    }

    // ---- test/e2e/common/storage/secrets_volume.go ----

    @Test
    @DisplayName("[sig-storage] Secrets should be immutable if `immutable` field is set [Conformance]")
    void secretIsImmutableIfImmutableIsSet(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "secrets")) {
            String name = "immutable";
            Secret secret = secretForTest(f.namespace(), name);
            var secrets = f.client().secrets().inNamespace(f.namespace());

            Secret currentSecret = secrets.resource(secret).create();

            currentSecret.getData().put("data-4", base64("value-4\n"));
            currentSecret = secrets.resource(currentSecret).update();

            // Mark secret as immutable.
            currentSecret.setImmutable(true);
            currentSecret = secrets.resource(currentSecret).update();

            // Ensure data can't be changed now.
            currentSecret.getData().put("data-5", base64("value-5\n"));
            Secret changedData = currentSecret;
            expectInvalid(() -> secrets.resource(changedData).update());

            // Ensure secret can't be switched from immutable to mutable.
            currentSecret = secrets.withName(name).get();
            if (!Boolean.TRUE.equals(currentSecret.getImmutable())) {
                fail("currentSecret " + currentSecret.getMetadata().getName() + " can be switched from immutable to mutable");
            }

            currentSecret.setImmutable(false);
            Secret mutable = currentSecret;
            expectInvalid(() -> secrets.resource(mutable).update());

            // Ensure that metadata can be changed.
            currentSecret = secrets.withName(name).get();
            currentSecret.getMetadata().setLabels(Map.of("label1", "value1"));
            secrets.resource(currentSecret).update();

            // Ensure that immutable secret can be deleted.
            assertTrue(!secrets.withName(name).delete().isEmpty(),
                    "Failed to delete secret " + name + " in namespace " + f.namespace());
        }
    }
}

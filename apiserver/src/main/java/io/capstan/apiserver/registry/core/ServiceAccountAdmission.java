package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.Meta;
import io.capstan.apiserver.registry.StoreHooks;

import java.util.function.BiFunction;

/**
 * Upstream's {@code ServiceAccount} admission plugin ({@code plugin/pkg/admission/serviceaccount}) on pod
 * creates: a pod without {@code spec.serviceAccountName} runs as {@code default} (the deprecated
 * {@code spec.serviceAccount} mirrors it); when the account exists and neither the pod nor the account
 * opts out, every container gets the API token volume ({@code kube-api-access-<random>}: a bound token,
 * the cluster CA from {@code kube-root-ca.crt} and the namespace) mounted at
 * {@value #DEFAULT_API_TOKEN_MOUNT_PATH}; and a pod without image pull secrets takes the account's. A
 * kubelet's mirror of a static pod is left as it is. Unlike upstream, a missing account is not refused
 * (upstream answers 403 after retrying {@code default} for a while): the pod then gets no token volume.
 */
public final class ServiceAccountAdmission implements StoreHooks {
    static final String DEFAULT_SERVICE_ACCOUNT = "default";
    static final String MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
    /** Upstream's {@code DefaultAPITokenMountPath}. */
    public static final String DEFAULT_API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** Upstream's {@code ServiceAccountVolumeName}: the token volume's name is this, a dash and a random suffix. */
    static final String SERVICE_ACCOUNT_VOLUME_NAME = "kube-api-access";
    /** Upstream's {@code serviceaccount.WarnOnlyBoundTokenExpirationSeconds}. */
    static final long WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 3607;
    /** {@code corev1.ProjectedVolumeSourceDefaultMode}: 0644. */
    static final int PROJECTED_VOLUME_SOURCE_DEFAULT_MODE = 0644;

    private final BiFunction<String, String, ObjectNode> serviceAccounts;

    /** @param serviceAccounts finds a ServiceAccount by namespace and name; null when there is none */
    public ServiceAccountAdmission(BiFunction<String, String, ObjectNode> serviceAccounts) {
        this.serviceAccounts = serviceAccounts;
    }

    /** Upstream's {@code Admit} of a pod create. */
    @Override
    public void admitCreate(ObjectNode pod) {
        if (!admit(pod)) {
            return;
        }
        ObjectNode spec = (ObjectNode) pod.get("spec");
        ObjectNode serviceAccount = serviceAccounts.apply(Meta.namespace(pod), spec.path("serviceAccountName").asText());
        if (serviceAccount == null) {
            return;
        }
        if (shouldAutomount(serviceAccount, spec)) {
            mountServiceAccountToken(spec);
        }
        if (spec.path("imagePullSecrets").isEmpty() && !serviceAccount.path("imagePullSecrets").isEmpty()) {
            ArrayNode secrets = spec.putArray("imagePullSecrets");
            for (JsonNode s : serviceAccount.path("imagePullSecrets")) {
                secrets.addObject().put("name", s.path("name").asText(""));
            }
        }
    }

    /**
     * Defaults the pod's service account name; false for a pod this plugin leaves alone (a mirror pod,
     * or one without a spec).
     */
    static boolean admit(ObjectNode pod) {
        JsonNode spec = pod.path("spec");
        if (!(spec instanceof ObjectNode specNode) || pod.path("metadata").path("annotations").has(MIRROR_POD_ANNOTATION)) {
            return false; // a kubelet's mirror of a static pod is left as it is, as upstream
        }
        String name = specNode.path("serviceAccountName").asText("");
        if (name.isEmpty()) {
            name = specNode.path("serviceAccount").asText("");
        }
        if (name.isEmpty()) {
            name = DEFAULT_SERVICE_ACCOUNT;
        }
        specNode.put("serviceAccountName", name);
        specNode.put("serviceAccount", name);
        return true;
    }

    /** Upstream's {@code shouldAutomount}: the pod's setting, else the account's, else true. */
    static boolean shouldAutomount(ObjectNode serviceAccount, ObjectNode podSpec) {
        JsonNode pod = podSpec.get("automountServiceAccountToken");
        if (pod != null && pod.isBoolean()) {
            return pod.booleanValue();
        }
        JsonNode sa = serviceAccount.get("automountServiceAccountToken");
        if (sa != null && sa.isBoolean()) {
            return sa.booleanValue();
        }
        return true;
    }

    /**
     * Upstream's {@code mountServiceAccountToken}: mounts the token volume (an existing
     * {@code kube-api-access-*} volume, else a new one) into every init and app container that has
     * nothing at the mount path yet, and adds the volume when some container took it.
     */
    static void mountServiceAccountToken(ObjectNode spec) {
        String tokenVolumeName = "";
        boolean hasTokenVolume = false;
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.path("name").asText("").startsWith(SERVICE_ACCOUNT_VOLUME_NAME + "-")) {
                tokenVolumeName = volume.path("name").asText();
                hasTokenVolume = true;
                break;
            }
        }
        if (tokenVolumeName.isEmpty()) {
            tokenVolumeName = SERVICE_ACCOUNT_VOLUME_NAME + "-" + GenericStore.randomSuffix();
        }
        boolean needsTokenVolume = false;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode c : spec.path(list)) {
                if (!(c instanceof ObjectNode container)) {
                    continue;
                }
                boolean existingContainerMount = false;
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (DEFAULT_API_TOKEN_MOUNT_PATH.equals(mount.path("mountPath").asText())) {
                        existingContainerMount = true;
                        break;
                    }
                }
                if (!existingContainerMount) {
                    ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode a ? a : container.putArray("volumeMounts");
                    mounts.addObject().put("name", tokenVolumeName).put("readOnly", true)
                            .put("mountPath", DEFAULT_API_TOKEN_MOUNT_PATH);
                    needsTokenVolume = true;
                }
            }
        }
        if (!hasTokenVolume && needsTokenVolume) {
            ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
            volumes.add(tokenVolume(volumes, tokenVolumeName));
        }
    }

    /** Upstream's {@code TokenVolumeSource}: the bound token, the cluster CA and the namespace, projected. */
    private static ObjectNode tokenVolume(ArrayNode factory, String name) {
        ObjectNode volume = factory.objectNode().put("name", name);
        ObjectNode projected = volume.putObject("projected");
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken")
                .put("expirationSeconds", WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS).put("path", "token");
        ObjectNode configMap = sources.addObject().putObject("configMap").put("name", "kube-root-ca.crt");
        configMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        sources.addObject().putObject("downwardAPI").putArray("items").addObject().put("path", "namespace")
                .putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", PROJECTED_VOLUME_SOURCE_DEFAULT_MODE);
        return volume;
    }
}

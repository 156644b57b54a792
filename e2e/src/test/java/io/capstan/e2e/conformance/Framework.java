package io.capstan.e2e.conformance;

import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * What upstream's e2e {@code framework.NewDefaultFramework(baseName)} gives each conformance test: a
 * client, and a fresh namespace named {@code <baseName>-<5 random characters>} that the test may use only
 * once its {@code default} ServiceAccount and its {@code kube-root-ca.crt} ConfigMap exist (the framework
 * waits for both, and fails the test when they do not appear within two minutes). Closing deletes the
 * namespace, as the framework's AfterEach does, without waiting for it to go.
 */
final class Framework implements AutoCloseable {
    private static final Duration NAMESPACE_READY_TIMEOUT = Duration.ofMinutes(2);
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final KubernetesClient client;
    private final String namespace;

    private Framework(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** A client for the plane's front door (the aggregator), and a namespace ready for use. */
    static Framework create(LocalControlPlane plane, String baseName) throws InterruptedException {
        Config config = plane.fabric8Config(plane.aggregatorUrl()).withHttp2Disable(true)
                .withRequestTimeout(60_000).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        String name = baseName + "-" + randomSuffix();
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToLabels("e2e-framework", baseName).endMetadata().build()).create();
            long deadline = System.nanoTime() + NAMESPACE_READY_TIMEOUT.toNanos();
            while (serviceAccount(client, name) == null || rootCa(client, name) == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("namespace " + name + " did not get its default ServiceAccount and its "
                            + "kube-root-ca.crt ConfigMap within " + NAMESPACE_READY_TIMEOUT.toSeconds()
                            + " s; upstream's e2e framework waits for both before any test runs");
                }
                Thread.sleep(200);
            }
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            client.close();
            throw e;
        }
        return new Framework(client, name);
    }

    private static ServiceAccount serviceAccount(KubernetesClient client, String ns) {
        return client.serviceAccounts().inNamespace(ns).withName("default").get();
    }

    private static ConfigMap rootCa(KubernetesClient client, String ns) {
        return client.configMaps().inNamespace(ns).withName("kube-root-ca.crt").get();
    }

    private static String randomSuffix() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            b.append(SUFFIX_ALPHABET.charAt(ThreadLocalRandom.current().nextInt(SUFFIX_ALPHABET.length())));
        }
        return b.toString();
    }

    KubernetesClient client() {
        return client;
    }

    String namespace() {
        return namespace;
    }

    /**
     * Upstream's {@code updateConfigMap} helper: get, mutate, update, retrying the whole cycle on a
     * conflict; returns what the update returned.
     */
    ConfigMap updateConfigMap(String name, UnaryOperator<ConfigMap> mutate) {
        for (int attempt = 0; ; attempt++) {
            ConfigMap current = client.configMaps().inNamespace(namespace).withName(name).get();
            if (current == null) {
                throw new AssertionError("configmap " + name + " disappeared before its update");
            }
            try {
                return client.configMaps().inNamespace(namespace).resource(mutate.apply(current)).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            client.namespaces().withName(namespace).delete();
        } finally {
            client.close();
        }
    }
}

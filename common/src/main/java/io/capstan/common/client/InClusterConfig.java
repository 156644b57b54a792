package io.capstan.common.client;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The client settings of a program running in a pod, as client-go's {@code rest.InClusterConfig}: the
 * server is {@code https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT}, the bearer token is read
 * (and re-read as it rotates) from the service account's {@code token} file, the server is verified
 * against its {@code ca.crt}, and the namespace is {@code $POD_NAMESPACE}, else the {@code namespace}
 * file, else {@code default} (as clientcmd's in-cluster namespace).
 */
public final class InClusterConfig {
    /** Where the kubelet mounts the service account's token, CA and namespace. */
    public static final Path SERVICE_ACCOUNT_ROOT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private InClusterConfig() {
    }

    /** The settings from the real environment and {@link #SERVICE_ACCOUNT_ROOT}. */
    public static ClientConfig load() {
        return load(SERVICE_ACCOUNT_ROOT, System.getenv());
    }

    /**
     * The settings from {@code env} and the service account files under {@code root}.
     *
     * @throws IllegalArgumentException when not in a cluster (no service host or port) or the token
     *                                  cannot be read, with client-go's messages
     */
    public static ClientConfig load(Path root, Map<String, String> env) {
        String host = env.getOrDefault("KUBERNETES_SERVICE_HOST", "");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "");
        if (host.isEmpty() || port.isEmpty()) {
            throw new IllegalArgumentException("unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and"
                    + " KUBERNETES_SERVICE_PORT must be defined");
        }
        Path tokenFile = root.resolve("token");
        try {
            Files.readString(tokenFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to read in-cluster token " + tokenFile + ": " + e, e);
        }
        Path ca = root.resolve("ca.crt");
        String namespace = env.getOrDefault("POD_NAMESPACE", "");
        if (namespace.isEmpty()) {
            try {
                namespace = Files.readString(root.resolve("namespace")).trim();
            } catch (IOException e) {
                namespace = "default";
            }
        }
        String hostPort = host.contains(":") && !host.startsWith("[") ? "[" + host + "]:" + port : host + ":" + port;
        ClientConfig.Tls tls = new ClientConfig.Tls(Files.isReadable(ca) ? ca : null, null, null, null, null, null, false, null);
        return new ClientConfig(URI.create("https://" + hostPort), null, tokenFile, namespace, null,
                ClientConfig.DEFAULT_QPS, ClientConfig.DEFAULT_BURST, null, null, tls);
    }
}

package io.capstan.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed kubeconfig file (clusters, users, contexts, current-context), as clientcmd reads it.
 * Relative file paths inside it are resolved against the file's directory, as upstream does.
 *
 * @param currentContext the {@code current-context}, or null
 * @param clusters       clusters by name
 * @param users          users (auth infos) by name
 * @param contexts       contexts by name
 */
public record KubeConfig(String currentContext, Map<String, Cluster> clusters, Map<String, User> users,
                         Map<String, Context> contexts) {

    public KubeConfig {
        clusters = Map.copyOf(clusters);
        users = Map.copyOf(users);
        contexts = Map.copyOf(contexts);
    }

    /**
     * A cluster entry.
     *
     * @param server the API server URL
     * @param tls    its certificate authority and server name (client fields unset)
     */
    public record Cluster(String server, ClientConfig.Tls tls) {
    }

    /**
     * A user entry.
     *
     * @param token     a bearer token, or null
     * @param tokenFile a file holding the token, or null
     * @param tls       its client certificate and key (authority fields unset)
     */
    public record User(String token, Path tokenFile, ClientConfig.Tls tls) {
    }

    /**
     * A context entry.
     *
     * @param cluster   the cluster's name
     * @param user      the user's name
     * @param namespace the default namespace, or null
     */
    public record Context(String cluster, String user, String namespace) {
    }

    /** Reads and parses a kubeconfig file. */
    public static KubeConfig load(Path file) throws IOException {
        return parse(Files.readString(file), file.toAbsolutePath().getParent());
    }

    /**
     * Parses kubeconfig YAML.
     *
     * @param baseDir the directory relative paths are resolved against
     * @throws IllegalArgumentException when the text is not a kubeconfig
     */
    public static KubeConfig parse(String yaml, Path baseDir) {
        JsonNode root;
        try {
            root = Json.YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("kubeconfig is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("kubeconfig must be a YAML mapping");
        }
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (JsonNode entry : root.path("clusters")) {
            JsonNode c = entry.path("cluster");
            clusters.put(entry.path("name").asText(), new Cluster(text(c, "server"), new ClientConfig.Tls(
                    path(baseDir, text(c, "certificate-authority")), text(c, "certificate-authority-data"),
                    null, null, null, null,
                    c.path("insecure-skip-tls-verify").asBoolean(false), text(c, "tls-server-name"))));
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (JsonNode entry : root.path("users")) {
            JsonNode u = entry.path("user");
            users.put(entry.path("name").asText(), new User(text(u, "token"), path(baseDir, text(u, "tokenFile")),
                    new ClientConfig.Tls(null, null,
                            path(baseDir, text(u, "client-certificate")), text(u, "client-certificate-data"),
                            path(baseDir, text(u, "client-key")), text(u, "client-key-data"), false, null)));
        }
        Map<String, Context> contexts = new LinkedHashMap<>();
        for (JsonNode entry : root.path("contexts")) {
            JsonNode c = entry.path("context");
            contexts.put(entry.path("name").asText(), new Context(text(c, "cluster"), text(c, "user"), text(c, "namespace")));
        }
        return new KubeConfig(text(root, "current-context"), clusters, users, contexts);
    }

    /**
     * The client settings of a context.
     *
     * @param contextName the context, or null for {@code current-context}
     * @throws IllegalArgumentException when the context or its cluster is missing or has no server
     */
    public ClientConfig clientConfig(String contextName) {
        String name = contextName == null || contextName.isEmpty() ? currentContext : contextName;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("kubeconfig has no current-context; name a context");
        }
        Context context = contexts.get(name);
        if (context == null) {
            throw new IllegalArgumentException("context \"" + name + "\" does not exist in the kubeconfig");
        }
        Cluster cluster = clusters.get(context.cluster());
        if (cluster == null || cluster.server() == null || cluster.server().isEmpty()) {
            throw new IllegalArgumentException("cluster \"" + context.cluster() + "\" of context \"" + name
                    + "\" is missing or has no server");
        }
        User user = context.user() == null ? null : users.get(context.user());
        ClientConfig.Tls ctls = cluster.tls();
        ClientConfig.Tls utls = user == null ? ClientConfig.Tls.NONE : user.tls();
        ClientConfig.Tls tls = new ClientConfig.Tls(ctls.caFile(), ctls.caData(), utls.certFile(), utls.certData(),
                utls.keyFile(), utls.keyData(), ctls.insecureSkipVerify(), ctls.serverName());
        return new ClientConfig(uri(cluster.server()), user == null ? null : user.token(),
                user == null ? null : user.tokenFile(), context.namespace(), null,
                ClientConfig.DEFAULT_QPS, ClientConfig.DEFAULT_BURST, null, null, tls);
    }

    /**
     * clientcmd's {@code BuildConfigFromFlags}: the kubeconfig's current context, with {@code masterUrl}
     * overriding its server; or only {@code masterUrl} when there is no kubeconfig; or the
     * {@link InClusterConfig} when neither is given.
     *
     * @throws IllegalArgumentException when both are empty, or the file cannot be used
     */
    public static ClientConfig buildConfigFromFlags(String masterUrl, String kubeconfigPath) {
        boolean hasMaster = masterUrl != null && !masterUrl.isBlank();
        if (kubeconfigPath == null || kubeconfigPath.isBlank()) {
            if (!hasMaster) {
                // client-go: "Neither --kubeconfig nor --master was specified. Using the inClusterConfig."
                try {
                    return InClusterConfig.load();
                } catch (IllegalArgumentException notInCluster) {
                    throw new IllegalArgumentException("neither --kubeconfig nor --master was specified, and "
                            + notInCluster.getMessage(), notInCluster);
                }
            }
            return ClientConfig.forServer(uri(masterUrl.trim()));
        }
        KubeConfig kc;
        try {
            kc = load(Path.of(kubeconfigPath));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read kubeconfig " + kubeconfigPath + ": " + e, e);
        }
        ClientConfig config = kc.clientConfig(null);
        return hasMaster ? config.withServer(uri(masterUrl.trim())) : config;
    }

    private static URI uri(String server) {
        try {
            return new URI(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid API server URL \"" + server + "\": " + e.getReason(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Path path(Path baseDir, String file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        Path p = Path.of(file);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }
}

package io.capstan.common.client;

import io.capstan.common.server.Flag;
import io.capstan.common.server.UsageException;
import io.helidon.config.Config;

import java.util.List;

/**
 * The flags of a service that talks to the API server ({@code --kubeconfig}, {@code --master},
 * {@code --kube-api-qps}, {@code --kube-api-burst}), and the client settings they make.
 */
public final class ClientFlags {
    private ClientFlags() {
    }

    /** The flags, named as kube-controller-manager and kube-scheduler name them. */
    public static List<Flag> flags() {
        return List.of(
                Flag.of("kubeconfig", "client.kubeconfig", "", "path to a kubeconfig file with the API server and credentials (required unless --master is given)"),
                Flag.of("master", "client.master", "", "the API server's URL; overrides the kubeconfig's server"),
                Flag.of("kube-api-qps", "client.qps", Double.toString(ClientConfig.DEFAULT_QPS), "requests per second to the API server"),
                Flag.of("kube-api-burst", "client.burst", Integer.toString(ClientConfig.DEFAULT_BURST), "burst of requests to the API server"));
    }

    /**
     * The client settings from those flags.
     *
     * @throws UsageException when neither a kubeconfig nor a master URL is usable
     */
    public static ClientConfig clientConfig(Config config, String userAgent) {
        String kubeconfig = config.get("client.kubeconfig").asString().orElse("");
        String master = config.get("client.master").asString().orElse("");
        try {
            return KubeConfig.buildConfigFromFlags(master, kubeconfig)
                    .withRateLimits(config.get("client.qps").asDouble().orElse(ClientConfig.DEFAULT_QPS),
                            config.get("client.burst").asInt().orElse(ClientConfig.DEFAULT_BURST))
                    .withUserAgent(clientGoStyle(userAgent));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + "; give --kubeconfig <file> or --master <url>");
        }
    }

    /** {@code name/version} becomes client-go's {@code name/vversion (os/arch) capstan}; a full agent is kept. */
    static String clientGoStyle(String userAgent) {
        int slash = userAgent.indexOf('/');
        if (userAgent.contains(" ") || slash <= 0) {
            return userAgent;
        }
        return ClientConfig.userAgent(userAgent.substring(0, slash), userAgent.substring(slash + 1));
    }
}

package io.capstan.common.leaderelection;

import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.RestClient;
import io.capstan.common.server.Flag;
import io.capstan.common.server.GoDuration;
import io.capstan.common.server.UsageException;
import io.helidon.config.Config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The {@code --leader-elect*} flags of kube-controller-manager and kube-scheduler, and the settings
 * they make.
 */
public final class LeaderElectionFlags {
    private static final String PREFIX = "leader-election.";

    private LeaderElectionFlags() {
    }

    /**
     * The flags, with upstream's names and defaults.
     *
     * @param component what the leader runs, for the help text ("controllers", "scheduling")
     * @param lockName  the default lease name, e.g. {@code kube-scheduler}
     */
    public static List<Flag> flags(String component, String lockName) {
        return List.of(
                Flag.bool("leader-elect", PREFIX + "enabled", true,
                        "start a leader election client and gain leadership before running " + component + "; enable for replicated high availability"),
                Flag.of("leader-elect-lease-duration", PREFIX + "lease-duration", "15s",
                        "how long a non-leader candidate waits after observing a leadership renewal before it tries to take over a led but unrenewed slot"),
                Flag.of("leader-elect-renew-deadline", PREFIX + "renew-deadline", "10s",
                        "how long the leader tries to renew before it stops leading; must be less than the lease duration"),
                Flag.of("leader-elect-retry-period", PREFIX + "retry-period", "2s",
                        "how long clients wait between attempts to acquire and renew leadership"),
                Flag.of("leader-elect-resource-namespace", PREFIX + "resource-namespace", "kube-system",
                        "the namespace of the Lease object used for leader election"),
                Flag.of("leader-elect-resource-name", PREFIX + "resource-name", lockName,
                        "the name of the Lease object used for leader election"));
    }

    /** Whether {@code --leader-elect} is on. */
    public static boolean enabled(Config config) {
        return config.get(PREFIX + "enabled").asBoolean().orElse(true);
    }

    /**
     * The timings from the flags.
     *
     * @throws UsageException when a duration does not parse or they break the elector's invariants
     */
    public static LeaderElectionConfig config(Config config, String name) {
        try {
            return new LeaderElectionConfig(duration(config, "lease-duration", "15s"), duration(config, "renew-deadline", "10s"),
                    duration(config, "retry-period", "2s"), true, name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--leader-elect-*: " + e.getMessage());
        }
    }

    /** The lease's namespace. */
    public static String namespace(Config config) {
        return config.get(PREFIX + "resource-namespace").asString().orElse("kube-system");
    }

    /** The lease's name. */
    public static String name(Config config, String lockName) {
        return config.get(PREFIX + "resource-name").asString().orElse(lockName);
    }

    /** Upstream's candidate identity: {@code <hostname>_<uuid>}, unique even for two processes on one host. */
    public static String identity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return host + "_" + UUID.randomUUID();
    }

    private static Duration duration(Config config, String key, String fallback) {
        return GoDuration.parse(config.get(PREFIX + key).asString().orElse(fallback));
    }

    /**
     * A client for the lease alone: its requests end before the renew deadline, or a hung request would
     * outlive the leader's right to act. Close it after the elector stopped.
     */
    public static RestClient leaseClient(ClientConfig clientConfig, LeaderElectionConfig timings) {
        return new RestClient(clientConfig.withUserAgent(clientConfig.userAgent() + "/leader-election")
                .withRequestTimeout(timings.renewDeadline()));
    }

    /** The Lease the flags name ({@code --leader-elect-resource-namespace/-name}), held as a new {@link #identity()}. */
    public static LeaseLock lock(Config config, RestClient leaseClient, String lockName) {
        return new LeaseLock(leaseClient, namespace(config), name(config, lockName), identity());
    }
}

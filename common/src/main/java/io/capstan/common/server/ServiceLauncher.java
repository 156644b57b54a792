package io.capstan.common.server;

import io.helidon.common.mapper.MapperManager;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The shared {@code main} of every Capstan service: parses flags over {@code application.yaml},
 * sets up logging, health and metrics, starts a Helidon web server, and stops gracefully on SIGTERM
 * (readiness fails first, long-running requests end cleanly, in-flight requests finish).
 */
public final class ServiceLauncher {
    /**
     * Upstream's limit on a request body (the API server's {@code MaxRequestBodyBytes}, 3 MiB): larger
     * bodies get 413 "Request entity too large: limit is 3145728".
     */
    public static final int MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;
    static {
        // Before the first Logger: keep the JDK's shutdown hook from silencing our graceful-stop lines.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ServiceLogManager.class.getName());
        }
    }

    private static final Logger LOG = Logger.getLogger(ServiceLauncher.class.getName());
    private static final AtomicBoolean MAPPERS_PINNED = new AtomicBoolean();

    /** Flags every service has. */
    public static final List<Flag> COMMON_FLAGS = List.of(
            Flag.of("bind-address", "server.host", "127.0.0.1", "the IP address on which to listen"),
            Flag.of("secure-port", "server.port", "", "the port on which to serve HTTPS; 0 picks a free port"),
            Flag.of("tls-cert-file", "server.tls.cert-file", "",
                    "file containing the default x509 certificate for HTTPS (CA cert, if any, concatenated after the "
                            + "server cert); when it and --tls-private-key-file are unset, a self-signed certificate "
                            + "is generated in memory"),
            Flag.of("tls-private-key-file", "server.tls.private-key-file", "",
                    "file containing the default x509 private key matching --tls-cert-file"),
            Flag.of("config", "capstan.config-file", "", "a YAML file whose keys override application.yaml"),
            Flag.of("shutdown-delay-duration", "server.shutdown-delay", "0s",
                    "time to keep serving after SIGTERM while /readyz fails, so load balancers drain the process"),
            Flag.of("v", "log.v", "2", "log level verbosity: 0-3 info, 4 and above debug"));

    private final CapstanService service;
    /** Upstream's {@code MaxHeaderBytes}: request line and headers. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private volatile WebServer server;
    private volatile CapstanService.Running running;
    private final HealthChecks health = new HealthChecks();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Duration shutdownDelay = Duration.ZERO;

    private ServiceLauncher(CapstanService service) {
        this.service = service;
    }

    /** Runs {@code service} as the process's main program; returns only after it stopped. */
    public static void main(CapstanService service, String[] args) {
        ServiceLauncher launcher;
        try {
            launcher = start(service, args, true);
        } catch (UsageException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            LOG.log(Level.SEVERE, service.name() + " failed to start: " + e.getMessage(), e);
            System.err.println(service.name() + " failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (launcher == null) {
            return; // --help
        }
        launcher.awaitStop();
    }

    /**
     * Starts {@code service} and returns at once. Tests use this with {@code installShutdownHook=false}
     * and {@code --secure-port=0}, then {@link #stop()}.
     *
     * @return the launcher, or {@code null} when the arguments asked for {@code --help}
     */
    public static ServiceLauncher start(CapstanService service, String[] args, boolean installShutdownHook) throws Exception {
        pinGlobalMappers();
        List<Flag> flags = new ArrayList<>();
        Config bundled = loadConfig(Map.of());
        for (Flag f : COMMON_FLAGS) {
            // Show this service's real default (its port, say) from its application.yaml.
            flags.add(bundled.get(f.configKey()).asString().map(f::withDefault).orElse(f));
        }
        flags.addAll(service.flags());
        CommandLine cli = new CommandLine(service.name(), service.description(), flags);
        if (CommandLine.wantsHelp(args)) {
            System.out.print(cli.help());
            return null;
        }
        Config config = loadConfig(cli.parse(args));
        int v = config.get("log.v").asInt().orElse(2);
        Logging.configure(service.name(), v >= 4 ? "debug" : "info");
        ServiceLauncher launcher = new ServiceLauncher(service);
        launcher.startServer(config);
        if (installShutdownHook) {
            Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "shutdown"));
        }
        return launcher;
    }

    /**
     * Makes Helidon's global {@link MapperManager} one instance. Unset, Helidon 4.4 builds a new one (a
     * service-registry lookup and a MappersConfig) on every {@code MapperManager.global()}, which each
     * header and query parameter read calls: that was ~25% of the API server's CPU under a create load.
     */
    private static void pinGlobalMappers() {
        if (MAPPERS_PINNED.compareAndSet(false, true)) {
            MapperManager.global(MapperManager.create());
        }
    }

    /** Merges flag overrides over an optional {@code --config} file over the bundled {@code application.yaml}. */
    static Config loadConfig(Map<String, String> overrides) {
        var builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource();
        builder.addSource(ConfigSources.create(overrides));
        String file = overrides.get("capstan.config-file");
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new UsageException("--config " + file + ": no such readable file");
            }
            builder.addSource(ConfigSources.file(path));
        }
        builder.addSource(ConfigSources.classpath("application.yaml").optional());
        return builder.build();
    }

    private void startServer(Config config) throws Exception {
        shutdownDelay = GoDuration.parse(config.get("server.shutdown-delay").asString().orElse("0s"));
        PrometheusMeterRegistry metrics = MetricsService.newRegistry();
        running = service.start(config, health, metrics);
        String host = config.get("server.host").asString().orElse("127.0.0.1");
        int port = config.get("server.port").asInt().orElse(0);
        ServingCertificate serving;
        try {
            serving = ServingCertificate.load(config.get("server.tls.cert-file").asString().orElse(""),
                    config.get("server.tls.private-key-file").asString().orElse(""), host);
        } catch (RuntimeException e) {
            running.close();
            throw e;
        }
        if (serving.selfSigned()) {
            LOG.warning("no --tls-cert-file and --tls-private-key-file given: serving with a self-signed certificate "
                    + "generated in memory for " + serving.chain().getFirst().getSubjectX500Principal().getName()
                    + "; clients cannot verify it against any CA");
        }
        ReadTimeout readTimeout = ReadTimeout.install(GoDuration.parse(config.get("server.read-timeout").asString().orElse("32s")));
        try {
            server = WebServer.builder()
                    .host(host)
                    .port(port)
                    // No plain-HTTP listener anywhere: the API, health and metrics are all HTTPS.
                    .tls(serving.tls())
                    .shutdownHook(false)
                    .shutdownGracePeriod(Duration.ofSeconds(5))
                    // Helidon 4.4's NIO socket drops the unwritten rest of a partial write, which cut large
                    // responses short (a few KiB missing from a 4 MiB list); plain sockets write everything.
                    .useNio(false)
                    .maxPayloadSize(config.get("server.max-payload-size").asLong().orElse(MAX_REQUEST_BODY_BYTES + 1024L))
                    // Upstream's http.Server: 1 MiB of request line and headers, and a client that stalls
                    // reading is cut off (ReadHeaderTimeout 32 s); errors before routing are Status objects.
                    .addProtocol(io.helidon.webserver.http1.Http1Config.builder()
                            .maxHeadersSize(MAX_HEADER_BYTES).maxPrologueLength(MAX_HEADER_BYTES)
                            .addReceiveListener(readTimeout.headers()).build())
                    .idleConnectionTimeout(Duration.ofSeconds(90))
                    .idleConnectionPeriod(Duration.ofSeconds(10))
                    .directHandlers(d -> {
                        for (io.helidon.http.DirectHandler.EventType t : io.helidon.http.DirectHandler.EventType.values()) {
                            d.addHandler(t, new StatusDirectHandler());
                        }
                    })
                    .routing(r -> {
                        running.filters().forEach(r::addFilter);
                        r.register(new HealthService(health));
                        r.register(new MetricsService(metrics));
                        running.routing(r);
                    })
                    .build()
                    .start();
        } catch (RuntimeException e) {
            running.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                    + "); choose another --secure-port or stop the process using it", e);
        }
        LOG.info(service.name() + " listening on https://" + host + ":" + server.port());
    }

    /** The port the server listens on (useful with {@code --secure-port=0}). */
    public int port() {
        return server.port();
    }

    /** The health checks, e.g. for tests. */
    public HealthChecks health() {
        return health;
    }

    /** Stops gracefully: readiness fails, long-running requests end, then the server and service stop. */
    public synchronized void stop() {
        if (stopped.getCount() == 0) {
            return;
        }
        LOG.info(service.name() + " shutting down");
        health.shutdown();
        if (!shutdownDelay.isZero()) {
            try {
                Thread.sleep(shutdownDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            running.beforeStop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "error while ending long-running requests", e);
        }
        if (server != null) {
            server.stop();
        }
        try {
            running.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "error while closing " + service.name(), e);
        }
        LOG.info(service.name() + " stopped");
        stopped.countDown();
    }

    private void awaitStop() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

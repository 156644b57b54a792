package io.capstan.e2e;

import io.capstan.common.client.ClientConfig;
import io.capstan.common.client.ClientTls;
import io.capstan.common.client.KubeConfig;
import io.capstan.common.pki.ClusterPki;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole control plane as separate local processes, as {@code ./capstan up} runs it: optionally
 * etcd, then the API server, the aggregator, the controller manager and the scheduler, each on a free
 * port, each waited for until its {@code /readyz} answers 200. Uses the JDK running the tests and the
 * service jars the reactor built ({@code <repo>/<module>/target/capstan-<module>.jar}).
 *
 * <p>Everything is HTTPS, as {@code ./capstan up}: the cluster's key material is created in the test's
 * temporary directory ({@link ClusterPki}, kubeadm's layout), every service serves its certificate, the
 * components use their own kubeconfigs, and tests talk as {@code kubernetes-admin} ({@code system:masters})
 * through {@link #sslContext()}, {@link #httpClient()}, {@link #clientConfig(URI)}, {@link #fabric8Config(URI)}
 * and the kubeconfig {@link #kubectl()} uses.
 */
public final class LocalControlPlane implements AutoCloseable {
    static final List<String> SERVICES = List.of("apiserver", "aggregator", "controller-manager", "scheduler");
    private static final Duration READY_TIMEOUT =
            Duration.ofSeconds(Long.getLong("capstan.e2e.ready-timeout-seconds", 60));

    private final StorageBackend storage;
    private final Path repository;
    private final Path workDir;
    private final Path logDir;
    private final Path kubectlBinary;
    private final FreePorts ports = new FreePorts();
    /** In start order; stopped in reverse. */
    private final List<ManagedProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final Thread killOnExit = new Thread(this::killAll, "e2e-control-plane-kill");
    private int apiserverPort;
    private int aggregatorPort;
    private final java.util.Map<String, Integer> servicePorts = new java.util.concurrent.ConcurrentHashMap<>();
    private Path kubeconfig;
    private URI etcdUrl;

    private List<String> apiserverArgs = List.of();
    private ClusterPki pki;
    private ClientConfig admin;
    private SSLContext sslContext;
    private HttpClient readiness;

    private LocalControlPlane(StorageBackend storage, Path repository, Path workDir, Path logDir, Path kubectlBinary) {
        this.storage = storage;
        this.repository = repository;
        this.workDir = workDir;
        this.logDir = logDir;
        this.kubectlBinary = kubectlBinary;
    }

    /**
     * Starts everything and returns once every process is ready. On failure, whatever started is stopped
     * again and the exception says which process failed and where its log is.
     */
    static LocalControlPlane start(StorageBackend storage, Path repository, Path logDir, Path kubectl, Path etcd)
            throws Exception {
        return start(storage, List.of(), repository, logDir, kubectl, etcd);
    }

    /** As {@link #start(StorageBackend, Path, Path, Path, Path)}, with extra API server flags. */
    static LocalControlPlane start(StorageBackend storage, List<String> apiserverArgs, Path repository, Path logDir,
                                   Path kubectl, Path etcd) throws Exception {
        Files.createDirectories(logDir);
        Path workDir = Files.createTempDirectory("capstan-e2e-");
        LocalControlPlane plane = new LocalControlPlane(storage, repository, workDir, logDir, kubectl);
        plane.apiserverArgs = List.copyOf(apiserverArgs);
        Runtime.getRuntime().addShutdownHook(plane.killOnExit);
        try {
            plane.startAll(etcd);
            return plane;
        } catch (Exception | AssertionError e) {
            plane.close();
            throw e;
        }
    }

    private void startAll(Path etcd) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
        for (String service : SERVICES) {
            Path jar = jar(service);
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: the e2e tests run the service jars that "
                        + "'./mvnw package' builds (a module becomes a runnable jar when it has "
                        + "src/main/resources/application.yaml). Run './mvnw verify' from the repository root.");
            }
        }

        apiserverPort = ports.next();
        aggregatorPort = ports.next();
        pki = new ClusterPki(workDir.resolve("pki"));
        pki.init(List.of(), "https://127.0.0.1:" + aggregatorPort, "https://127.0.0.1:" + apiserverPort);
        kubeconfig = pki.file("admin.conf");
        admin = KubeConfig.buildConfigFromFlags("", kubeconfig.toString());
        sslContext = ClientTls.sslContext(admin.tls());
        readiness = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext)
                .connectTimeout(Duration.ofSeconds(2)).build();

        List<String> storageArgs;
        if (storage == StorageBackend.ETCD) {
            int client = ports.next();
            int peer = ports.next();
            String clientUrl = "http://127.0.0.1:" + client;
            String peerUrl = "http://127.0.0.1:" + peer;
            launch("etcd", List.of(etcd.toString(), "--name=capstan-e2e",
                    "--data-dir=" + workDir.resolve("etcd"),
                    "--listen-client-urls=" + clientUrl, "--advertise-client-urls=" + clientUrl,
                    "--listen-peer-urls=" + peerUrl, "--initial-advertise-peer-urls=" + peerUrl,
                    "--initial-cluster=capstan-e2e=" + peerUrl,
                    // The write benchmarks put millions of values between two compactions; etcd's 2 GiB
                    // default quota ran out (NOSPACE) in the middle of a run.
                    "--quota-backend-bytes=" + (8L << 30)), URI.create(clientUrl + "/health"));
            storageArgs = List.of("--storage-backend", "etcd3", "--etcd-servers", clientUrl);
            etcdUrl = URI.create(clientUrl);
        } else {
            Files.createDirectories(workDir.resolve("data"));
            storageArgs = List.of("--storage-backend", "sqlite", "--data-dir", workDir.resolve("data").toString());
        }

        List<String> apiserver = new ArrayList<>(service(java, "apiserver", apiserverPort));
        apiserver.addAll(storageArgs);
        // Authentication and authorization: client certificates, the aggregator's front-proxy headers,
        // service-account tokens, RBAC.
        Map<String, String> security = new LinkedHashMap<>();
        security.put("--client-ca-file", pki.file("ca.crt").toString());
        security.put("--requestheader-client-ca-file", pki.file("front-proxy-ca.crt").toString());
        security.put("--requestheader-allowed-names", "front-proxy-client");
        security.put("--requestheader-username-headers", "X-Remote-User");
        security.put("--requestheader-group-headers", "X-Remote-Group");
        security.put("--requestheader-extra-headers-prefix", "X-Remote-Extra-");
        security.put("--service-account-key-file", pki.file("sa.pub").toString());
        security.put("--service-account-signing-key-file", pki.file("sa.key").toString());
        security.put("--service-account-issuer", "https://kubernetes.default.svc.cluster.local");
        security.put("--authorization-mode", "RBAC");
        security.forEach((flag, value) -> apiserver.add(flag + "=" + value));
        apiserver.addAll(apiserverArgs);
        launch("apiserver", apiserver, readyz(apiserverPort));

        List<String> aggregator = new ArrayList<>(service(java, "aggregator", aggregatorPort));
        aggregator.addAll(List.of("--apiserver-url", "https://127.0.0.1:" + apiserverPort,
                "--apiserver-ca-file", pki.file("ca.crt").toString(),
                "--proxy-client-cert-file", pki.file("front-proxy-client.crt").toString(),
                "--proxy-client-key-file", pki.file("front-proxy-client.key").toString(),
                "--client-ca-file", pki.file("ca.crt").toString()));
        launch("aggregator", aggregator, readyz(aggregatorPort));

        for (String component : List.of("controller-manager", "scheduler")) {
            int port = ports.next();
            List<String> command = new ArrayList<>(service(java, component, port));
            command.addAll(List.of("--kubeconfig", pki.file(component + ".conf").toString()));
            if (component.equals("controller-manager")) {
                command.addAll(List.of("--root-ca-file=" + pki.file("ca.crt"),
                        "--service-account-private-key-file=" + pki.file("sa.key")));
            }
            launch(component, command, readyz(port));
        }
    }

    /**
     * The services' JVM: by default tuned for quick start (the tests' control planes live seconds);
     * benchmarks set {@code capstan.e2e.jvm-options} (to nothing: the JVM's defaults, as {@code ./capstan}
     * runs them) and may add {@code capstan.e2e.apiserver-jvm-options} (e.g. a flight recording).
     */
    private List<String> service(String java, String name, int port) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(words(System.getProperty("capstan.e2e.jvm-options", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")));
        if (name.equals("apiserver")) {
            command.addAll(words(System.getProperty("capstan.e2e.apiserver-jvm-options", "")));
        }
        command.addAll(List.of("-jar", jar(name).toString(), "--secure-port", Integer.toString(port),
                "--tls-cert-file", pki.file(name + ".crt").toString(),
                "--tls-private-key-file", pki.file(name + ".key").toString()));
        return command;
    }

    private static List<String> words(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    private Path jar(String service) {
        return repository.resolve(service).resolve("target").resolve("capstan-" + service + ".jar");
    }

    private static URI readyz(int port) {
        return URI.create("https://127.0.0.1:" + port + "/readyz");
    }

    private void launch(String name, List<String> command, URI ready) throws InterruptedException {
        if (SERVICES.contains(name)) {
            servicePorts.put(name, ready.getPort());
        }
        ManagedProcess process = new ManagedProcess(name, command, ready, logDir.resolve(name + ".log"), readiness);
        processes.add(process);
        process.start();
        process.awaitReady(READY_TIMEOUT);
    }

    /** The storage backend this control plane runs on. */
    public StorageBackend storage() {
        return storage;
    }

    /** etcd's client URL, for tests that compare against raw etcd; null on SQLite. */
    public URI etcdUrl() {
        return etcdUrl;
    }

    /** The front door, as clients use it. */
    public URI aggregatorUrl() {
        return URI.create("https://127.0.0.1:" + aggregatorPort);
    }

    /** The API server, as the components use it. */
    public URI apiserverUrl() {
        return URI.create("https://127.0.0.1:" + apiserverPort);
    }

    /** The base URL of one of {@link #SERVICES}, for its health and metrics endpoints. */
    public URI serviceUrl(String service) {
        Integer port = servicePorts.get(service);
        if (port == null) {
            throw new IllegalArgumentException("no such service: " + service + "; services: " + SERVICES);
        }
        return URI.create("https://127.0.0.1:" + port);
    }

    /** The key material ({@code ca.crt}, {@code admin.conf}, ...), kubeadm's layout. */
    public ClusterPki pki() {
        return pki;
    }

    /** TLS as {@code kubernetes-admin}: trusts the cluster CA, presents the admin client certificate. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** A new HTTP/1.1 client over {@link #sslContext()}; close it when done. */
    public HttpClient httpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(sslContext).build();
    }

    /** Capstan's client config for {@code server} as {@code kubernetes-admin}. */
    public ClientConfig clientConfig(URI server) {
        return admin.withServer(server);
    }

    /**
     * A fabric8 config builder for {@code server} as {@code kubernetes-admin}, read from {@code admin.conf}
     * as fabric8 users load a kubeconfig (it tells the EC client key's algorithm from its PEM header).
     */
    public io.fabric8.kubernetes.client.ConfigBuilder fabric8Config(URI server) {
        try {
            return new io.fabric8.kubernetes.client.ConfigBuilder(
                    io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .withMasterUrl(server.toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Stops one service as an operator would (SIGTERM, SIGKILL after the grace period) and returns its
     * exit code. The other services keep running.
     */
    public int stopService(String service) {
        synchronized (processes) {
            for (ManagedProcess p : processes) {
                if (p.name().equals(service)) {
                    p.stop();
                    return p.exitCode();
                }
            }
        }
        throw new IllegalArgumentException("no such process: " + service);
    }

    /** Kills one process with SIGKILL (as {@code kill -9} or a crash would) and waits until it is gone. */
    public void killService(String name) throws InterruptedException {
        process(name).killAndWait();
    }

    /**
     * Starts a stopped or killed process again with the same command line, hence the same ports and
     * data directory, and waits until it is ready. For fault tests: etcd or the API server coming back.
     */
    public void restartService(String name) throws InterruptedException {
        ManagedProcess p = process(name);
        if (p.isAlive()) {
            throw new IllegalStateException(name + " is still running; stop or kill it first");
        }
        p.start();
        p.awaitReady(READY_TIMEOUT);
    }

    private ManagedProcess process(String name) {
        synchronized (processes) {
            for (ManagedProcess p : processes) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("no such process: " + name);
    }

    /** The process id of one running process ({@code etcd}, {@code apiserver}, ...); for profiling. */
    public long pid(String name) {
        return process(name).pid();
    }

    /** CPU time one process ({@code etcd}, {@code apiserver}, ...) has used so far; for benchmarks. */
    public Duration cpuTime(String name) {
        return process(name).cpuTime();
    }

    /** The log of one process so far. */
    public String log(String service) throws java.io.IOException {
        synchronized (processes) {
            for (ManagedProcess p : processes) {
                if (p.name().equals(service)) {
                    return Files.readString(p.log());
                }
            }
        }
        throw new IllegalArgumentException("no such process: " + service);
    }

    /** The user kubeconfig (server: the aggregator, namespace default). */
    public Path kubeconfig() {
        return kubeconfig;
    }

    /** kubectl with the user kubeconfig. */
    public Kubectl kubectl() {
        return new Kubectl(kubectlBinary, kubeconfig);
    }

    /** kubectl with another kubeconfig (another user's credentials). */
    public Kubectl kubectl(Path otherKubeconfig) {
        return new Kubectl(kubectlBinary, otherKubeconfig);
    }

    /** Where the processes' logs are kept after the run. */
    public Path logDir() {
        return logDir;
    }

    /** The last lines of every process's log, for a failed test's report. */
    String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        synchronized (processes) {
            for (ManagedProcess p : processes) {
                sb.append("\n===== ").append(p.name()).append(" (").append(p.isAlive() ? "running" : "exited")
                        .append("), last ").append(lines).append(" lines of ").append(p.log()).append('\n')
                        .append(p.tail(lines)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Stops every process in reverse start order (SIGTERM, then SIGKILL) and deletes the data. */
    @Override
    public void close() {
        List<ManagedProcess> reversed;
        synchronized (processes) {
            reversed = new ArrayList<>(processes);
        }
        Collections.reverse(reversed);
        reversed.forEach(ManagedProcess::stop);
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
        deleteRecursively(workDir);
    }

    private void killAll() {
        synchronized (processes) {
            processes.forEach(ManagedProcess::kill);
        }
    }

    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the logs, which matter, live elsewhere.
        }
    }
}

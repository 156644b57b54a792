package io.capstan.apiserver.storage.etcd;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A single-member etcd server for tests, on free loopback ports with its own data directory. It
 * can be killed (SIGKILL, like a crash) and started again on the same ports and data.
 */
public final class EtcdProcess implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EtcdProcess.class.getName());
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Path dataDir;
    private final Path logFile;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private EtcdProcess(Path workDir) throws IOException {
        Files.createDirectories(workDir);
        this.dataDir = workDir.resolve("data");
        this.logFile = workDir.resolve("etcd.log");
        this.clientPort = freePort();
        this.peerPort = freePort();
    }

    /** True when an {@code etcd} executable is on the PATH. */
    public static boolean available() {
        return executable() != null;
    }

    /** Starts etcd with its data and log under {@code workDir} and waits until it serves. */
    public static EtcdProcess start(Path workDir) throws IOException, InterruptedException {
        EtcdProcess etcd = new EtcdProcess(workDir);
        etcd.start();
        return etcd;
    }

    /** The client URL, e.g. {@code http://127.0.0.1:40123}. */
    public String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    public List<String> endpoints() {
        return List.of(clientUrl());
    }

    /** Starts the (killed) server again on the same ports and data directory. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("etcd is running");
        }
        Path etcd = executable();
        if (etcd == null) {
            throw new IllegalStateException("etcd not found on PATH");
        }
        String peerUrl = "http://127.0.0.1:" + peerPort;
        process = new ProcessBuilder(etcd.toString(),
                "--name", "default",
                "--data-dir", dataDir.toString(),
                "--listen-client-urls", clientUrl(),
                "--advertise-client-urls", clientUrl(),
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "default=" + peerUrl)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        awaitHealthy();
        LOG.info(() -> "etcd serving at " + clientUrl() + " (pid " + process.pid() + ")");
    }

    /** Kills the server with SIGKILL and waits until it is gone. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("etcd did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(clientUrl() + "/health"))
                .timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("etcd did not become healthy within " + STARTUP + ":\n" + logTail());
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(logFile);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static Path executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}

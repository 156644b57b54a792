package io.capstan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One process of the control plane under test (a Capstan service or etcd): started with its output
 * appended to a log file, ready when its health URL answers 200, stopped with SIGTERM and, after a
 * grace period, SIGKILL.
 */
final class ManagedProcess {
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final List<String> command;
    private final URI readyUrl;
    private final Path log;
    private final HttpClient http;
    private Process process;

    /** {@code http} checks {@code readyUrl}: for HTTPS it must trust the process's certificate. */
    ManagedProcess(String name, List<String> command, URI readyUrl, Path log, HttpClient http) {
        this.http = http;
        this.name = name;
        this.command = List.copyOf(command);
        this.readyUrl = readyUrl;
        this.log = log;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    void start() {
        try {
            Files.createDirectories(log.getParent());
            // Appends, so that a restarted process's log follows its earlier life.
            Files.writeString(log, "---- " + Instant.now() + " " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Waits until the health URL answers 200; fails early if the process exits. */
    void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(readyUrl)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body().strip();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + "s at " + readyUrl
                + " (last answer: " + last + "); see " + log);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL after the grace period. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                appendToLog("---- killed: did not stop within " + STOP_GRACE.toSeconds() + "s of SIGTERM\n");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The process id, or -1 when not running. */
    long pid() {
        return process == null || !process.isAlive() ? -1 : process.pid();
    }

    /** CPU time the running process has used so far (user and system), or zero when not running. */
    java.time.Duration cpuTime() {
        return process == null ? java.time.Duration.ZERO
                : process.toHandle().info().totalCpuDuration().orElse(java.time.Duration.ZERO);
    }

    /** The exit code once the process has ended, or -1 while it runs. */
    int exitCode() {
        return process == null || process.isAlive() ? -1 : process.exitValue();
    }

    /** SIGKILL (a crash, {@code kill -9}) and waits until the process is gone. */
    void killAndWait() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            appendToLog("---- killed with SIGKILL by the test\n");
        }
    }

    /** Kills at once; for the JVM shutdown hook, when the test run itself is dying. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** The last {@code lines} lines of the log. */
    String tail(int lines) {
        return tail(log, lines);
    }

    /** The last {@code lines} lines of a log file. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private void appendToLog(String text) {
        try {
            Files.writeString(log, text, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The log is for humans; failing to annotate it must not fail the stop.
        }
    }
}

package io.capstan.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The real kubectl binary, pointed at the control plane under test through its user kubeconfig. */
public final class Kubectl {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Path binary;
    private final Path kubeconfig;

    Kubectl(Path binary, Path kubeconfig) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
    }

    /** What one kubectl run printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Fails with the command and its output unless kubectl exited 0. */
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " exited " + exitCode
                        + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    /** Runs {@code kubectl --kubeconfig <file> args...} with {@code stdin} piped in (e.g. for {@code create -f -}). */
    public Result runWithInput(String stdin, String... args) {
        return runWithEnv(java.util.Map.of(), stdin, args);
    }

    /** Runs kubectl with extra environment variables (e.g. {@code KUBE_EDITOR} for {@code edit}) and optional input. */
    public Result runWithEnv(java.util.Map<String, String> env, String stdin, String... args) {
        List<String> command = command(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds() + "s");
            }
            return new Result(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    /** Runs kubectl without input. */
    public Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Starts a long-running kubectl (e.g. {@code get -w}) whose output lines arrive on a queue. */
    public Background start(String... args) {
        List<String> command = command(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new Background(command, process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--kubeconfig=" + kubeconfig);
        command.add("--request-timeout=20s");
        command.addAll(List.of(args));
        return command;
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A running kubectl whose output lines are read as they come. */
    public static final class Background implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();

        private Background(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            Thread.ofVirtual().name("kubectl-output").start(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(output ended: " + e.getMessage() + ")");
                }
            });
        }

        /** Waits for the next line containing {@code text}; fails with everything printed so far if none comes. */
        public String awaitLine(String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    break;
                }
                seen.add(line);
                if (line.contains(text)) {
                    return line;
                }
            }
            throw new AssertionError("no line containing \"" + text + "\" from " + String.join(" ", command)
                    + " within " + timeout.toSeconds() + "s (alive: " + process.isAlive() + "); it printed:\n"
                    + String.join("\n", seen));
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}

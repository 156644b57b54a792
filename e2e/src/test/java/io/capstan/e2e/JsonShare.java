package io.capstan.e2e;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A flight recording of a running service (started and stopped with {@code jcmd}), read back as the
 * share of CPU samples spent in JSON encoding and decoding: samples whose stack holds a Jackson frame
 * ({@code com.fasterxml.jackson}) over all execution samples of the process.
 */
final class JsonShare implements AutoCloseable {
    /** Samples in JSON and in total. */
    record Share(long json, long total) {
        @Override
        public String toString() {
            return total == 0 ? "JSON share: no samples"
                    : "JSON share of API server CPU samples: %.0f%% (%d of %d)".formatted(100.0 * json / total, json, total);
        }
    }

    private final long pid;
    private final String name;
    private final Path file;

    private JsonShare(long pid, String name, Path file) {
        this.pid = pid;
        this.name = name;
        this.file = file;
    }

    /** Starts a recording with the {@code profile} settings (10 ms sampling) in process {@code pid}. */
    static JsonShare start(long pid, String name) throws IOException, InterruptedException {
        Path file = Files.createTempFile("capstan-" + name, ".jfr");
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile");
        return new JsonShare(pid, name, file);
    }

    /** Stops the recording and counts its samples. */
    Share stop() throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + name, "filename=" + file);
        long json = 0;
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            total++;
            for (RecordedFrame f : e.getStackTrace().getFrames()) {
                if (f.getMethod() != null && f.getMethod().getType().getName().startsWith("com.fasterxml.jackson")) {
                    json++;
                    break;
                }
            }
        }
        return new Share(json, total);
    }

    private static void jcmd(long pid, String... args) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> command = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }
}

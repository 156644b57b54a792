package io.capstan.apiserver.audit;

import io.capstan.common.server.Flag;
import io.helidon.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The API server's audit flags, as upstream's {@code AuditOptions} (log backend only): a policy file and a log path
 * turn auditing on; without either nothing is recorded.
 *
 * @param policyFile {@code --audit-policy-file}
 * @param logPath    {@code --audit-log-path}; {@code -} is standard output
 * @param maxSizeMb  {@code --audit-log-maxsize}: megabytes at which the file rotates; 0 means lumberjack's 100
 * @param maxBackups {@code --audit-log-maxbackup}: rotated files kept; 0 keeps all
 * @param maxAgeDays {@code --audit-log-maxage}: days rotated files are kept; 0 keeps them
 * @param format     {@code --audit-log-format}: only {@code json}
 * @param mode       {@code --audit-log-mode}: {@code blocking} (each event written before the request goes on, upstream's
 *                   default; write errors are logged), {@code blocking-strict} (as blocking, but a request whose
 *                   {@code RequestReceived} event cannot be written fails with 500) or {@code batch} (a {@link BufferedBackend}: written by a background thread, dropped when
 *                   the buffer is full)
 * @param bufferSize {@code --audit-log-batch-buffer-size}: events the batch mode buffers
 */
public record AuditOptions(String policyFile, String logPath, int maxSizeMb, int maxBackups, int maxAgeDays, String format,
                           String mode, int bufferSize) {

    /** The flags, named as upstream's kube-apiserver names them. */
    public static List<Flag> flags() {
        return List.of(
                Flag.of("audit-policy-file", "audit.policy-file", "", "path to the audit.k8s.io/v1 Policy file (YAML or JSON) that says which requests to audit and at what level"),
                Flag.of("audit-log-path", "audit.log-path", "", "if set, audit events are written as JSON lines to this file; '-' means standard out"),
                Flag.of("audit-log-maxsize", "audit.log-maxsize", "0", "the maximum size in megabytes of the audit log file before it gets rotated (0: 100)"),
                Flag.of("audit-log-maxbackup", "audit.log-maxbackup", "0", "the maximum number of old audit log files to retain (0: no limit)"),
                Flag.of("audit-log-maxage", "audit.log-maxage", "0", "the maximum number of days to retain old audit log files based on the timestamp encoded in their filename (0: no limit)"),
                Flag.of("audit-log-format", "audit.log-format", "json", "format of saved audits: json (one audit.k8s.io/v1 Event per line); legacy is not supported"),
                Flag.of("audit-log-mode", "audit.log-mode", "blocking", "strategy for sending audit events: blocking (each event is written before the request goes on), blocking-strict (as blocking, and a request whose first event cannot be written fails) or batch (buffered, written in the background; dropped when the buffer is full)"),
                Flag.of("audit-log-batch-buffer-size", "audit.log-batch-buffer-size", "10000", "the size of the buffer of events waiting to be written (--audit-log-mode=batch)"));
    }

    /** The options from the configuration the flags set. */
    public static AuditOptions from(Config config) {
        Config audit = config.get("audit");
        return new AuditOptions(
                audit.get("policy-file").asString().orElse(""),
                audit.get("log-path").asString().orElse(""),
                audit.get("log-maxsize").asInt().orElse(0),
                audit.get("log-maxbackup").asInt().orElse(0),
                audit.get("log-maxage").asInt().orElse(0),
                audit.get("log-format").asString().orElse("json"),
                audit.get("log-mode").asString().orElse("blocking"),
                audit.get("log-batch-buffer-size").asInt().orElse(10000));
    }

    /** True when the policy and the log path are both given, so events are recorded. */
    public boolean enabled() {
        return !policyFile.isEmpty() && !logPath.isEmpty();
    }

    /**
     * Checks the flags and loads the policy, as upstream does at startup.
     *
     * @return the evaluator, or null when auditing is off
     * @throws IllegalArgumentException naming the flag at fault
     */
    public PolicyRuleEvaluator evaluator() {
        if (maxAgeDays < 0) {
            throw new IllegalArgumentException("--audit-log-maxage can't be a negative number");
        }
        if (maxBackups < 0) {
            throw new IllegalArgumentException("--audit-log-maxbackup can't be a negative number");
        }
        if (maxSizeMb < 0) {
            throw new IllegalArgumentException("--audit-log-maxsize can't be a negative number");
        }
        if (!format.equals("json")) {
            throw new IllegalArgumentException("invalid audit log format " + format + ", allowed formats are \"json\""
                    + (format.equals("legacy") ? " (the legacy format is not supported)" : ""));
        }
        if (!List.of("batch", "blocking", "blocking-strict").contains(mode)) {
            throw new IllegalArgumentException("invalid audit log mode " + mode + ", allowed modes are \"batch\", \"blocking\", \"blocking-strict\"");
        }
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("--audit-log-batch-buffer-size must be positive, got " + bufferSize);
        }
        if (!enabled()) {
            return null;
        }
        return new PolicyRuleEvaluator(Policy.load(Path.of(policyFile)));
    }

    /** Opens the log backend, buffered in {@code batch} mode; call only when {@link #enabled()}. */
    public Backend backend(Clock clock) {
        Backend log = logBackend(clock);
        return switch (mode) {
            case "batch" -> new BufferedBackend(log, bufferSize);
            case "blocking" -> new IgnoreErrorsBackend(log);
            default -> log;
        };
    }

    private Backend logBackend(Clock clock) {
        if (logPath.equals("-")) {
            return new LogBackend(System.out, false);
        }
        try {
            long maxBytes = (maxSizeMb == 0 ? 100L : maxSizeMb) * 1024 * 1024;
            return new LogBackend(new RotatingFile(Path.of(logPath), maxBytes, maxBackups, Duration.ofDays(maxAgeDays), clock), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log --audit-log-path=" + logPath + ": " + e.getMessage(), e);
        }
    }
}

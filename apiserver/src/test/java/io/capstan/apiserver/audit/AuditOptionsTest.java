package io.capstan.apiserver.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The --audit-* flags: checked as upstream checks them; auditing on only with both a policy and a log path. */
class AuditOptionsTest {

    static AuditOptions options(String policy, String path, int size, int backups, int age, String format, String mode) {
        return new AuditOptions(policy, path, size, backups, age, format, mode, 10000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative maxage    | -1 | 0  | 0  | json   | blocking | --audit-log-maxage can't be a negative number
            negative maxbackup | 0  | -1 | 0  | json   | blocking | --audit-log-maxbackup can't be a negative number
            negative maxsize   | 0  | 0  | -1 | json   | blocking | --audit-log-maxsize can't be a negative number
            legacy format      | 0  | 0  | 0  | legacy | blocking | invalid audit log format legacy, allowed formats are "json"
            unknown mode       | 0  | 0  | 0  | json   | fast     | invalid audit log mode fast, allowed modes are "batch", "blocking", "blocking-strict"
            """)
    void badFlagsAreRefused(String name, int age, int backups, int size, String format, String mode, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> options("p.yaml", "a.log", size, backups, age, format, mode).evaluator());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void withoutPolicyOrPathNothingIsAudited() {
        assertNull(options("", "a.log", 0, 0, 0, "json", "blocking").evaluator());
        assertNull(options("/no/such/policy.yaml", "", 0, 0, 0, "json", "blocking").evaluator());
    }

    @Test
    void opensTheLogAndBuffersInBatchMode() throws Exception {
        Path dir = Files.createTempDirectory("audit-options");
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: [{level: Metadata}]\n");
        AuditOptions blocking = options(policy.toString(), dir.resolve("logs/a.log").toString(), 0, 0, 0, "json", "blocking");
        assertTrue(blocking.evaluator() != null);
        try (Backend b = blocking.backend(Clock.systemUTC())) {
            assertInstanceOf(IgnoreErrorsBackend.class, b);
        }
        try (Backend b = options(policy.toString(), dir.resolve("c.log").toString(), 0, 0, 0, "json", "blocking-strict").backend(Clock.systemUTC())) {
            assertInstanceOf(LogBackend.class, b);
        }
        assertTrue(Files.exists(dir.resolve("logs/a.log")));
        try (Backend b = options(policy.toString(), dir.resolve("b.log").toString(), 0, 0, 0, "json", "batch").backend(Clock.systemUTC())) {
            assertInstanceOf(BufferedBackend.class, b);
        }
        try (Backend b = options(policy.toString(), "-", 0, 0, 0, "json", "blocking").backend(Clock.systemUTC())) {
            assertInstanceOf(IgnoreErrorsBackend.class, b);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package io.capstan.apiserver.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Size-based rotation with lumberjack's backup names, backup count and age limits. */
class RotatingFileTest {
    Path dir;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-21T20:00:00.000Z"));

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("audit-rotate");
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void rotatesBeforeAWriteThatWouldExceedTheSize() throws IOException {
        Path log = dir.resolve("audit.log");
        try (RotatingFile f = new RotatingFile(log, 100, 0, Duration.ZERO, clock)) {
            f.write(line(60));
            f.write(line(40)); // exactly 100: no rotation yet
            assertEquals(List.of("audit.log"), names());
            clock.now = clock.now.plusMillis(1500);
            f.write(line(10));
        }
        assertEquals(List.of("audit-2026-11-21T20-00-01.500.log", "audit.log"), names());
        assertEquals(100, Files.size(dir.resolve("audit-2026-11-21T20-00-01.500.log")));
        assertEquals(10, Files.size(log));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void keepsAtMostMaxBackupsNewestFirst() throws IOException {
        Path log = dir.resolve("audit.json");
        try (RotatingFile f = new RotatingFile(log, 50, 2, Duration.ZERO, clock)) {
            for (int i = 0; i < 5; i++) {
                clock.now = clock.now.plusSeconds(1);
                f.write(line(40));
            }
        }
        // Five writes of 40 bytes into 50-byte files: four rotations, the two newest backups kept.
        assertEquals(List.of("audit-2026-11-21T20-00-04.000.json", "audit-2026-11-21T20-00-05.000.json", "audit.json"), names());
    }

    @Test
    void removesBackupsOlderThanMaxAge() throws IOException {
        Path log = dir.resolve("audit.log");
        Files.writeString(dir.resolve("audit-2026-11-01T00-00-00.000.log"), "old\n");
        Files.writeString(dir.resolve("audit-2026-11-20T00-00-00.000.log"), "recent\n");
        Files.writeString(dir.resolve("audit-notatime.log"), "not a backup\n");
        try (RotatingFile f = new RotatingFile(log, 50, 0, Duration.ofDays(7), clock)) {
            f.write(line(40));
            f.write(line(40));
        }
        assertEquals(List.of("audit-2026-11-20T00-00-00.000.log", "audit-2026-11-21T20-00-00.000.log", "audit-notatime.log", "audit.log"), names());
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws IOException {
        Path log = dir.resolve("audit.log");
        Files.write(log, line(90));
        try (RotatingFile f = new RotatingFile(log, 100, 0, Duration.ZERO, clock)) {
            f.write(line(20));
        }
        assertEquals(List.of("audit-2026-11-21T20-00-00.000.log", "audit.log"), names());
        assertEquals(20, Files.size(log));
    }

    @Test
    void refusesAWriteLargerThanTheMaximum() throws IOException {
        try (RotatingFile f = new RotatingFile(dir.resolve("a.log"), 10, 0, Duration.ZERO, clock)) {
            IOException e = assertThrows(IOException.class, () -> f.write(line(11)));
            assertTrue(e.getMessage().contains("write length 11 exceeds maximum file size 10"), e.getMessage());
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static byte[] line(int length) {
        return ("x".repeat(length - 1) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

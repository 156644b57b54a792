package io.capstan.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * CPU time spent by the JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre}) of
 * one JVM, read from Linux's {@code /proc/<pid>/task/<tid>/stat}. A benchmark warms up until this
 * stops growing, so that compilation does not count as the cost of the operations it measures.
 * Returns zero where {@code /proc} is missing (not Linux).
 */
final class JitMeter {
    /** Clock ticks per second of the {@code stat} times ({@code USER_HZ}: 100 on Linux everywhere). */
    private static final long TICKS_PER_SECOND = 100;

    private JitMeter() {
    }

    /** The compiler threads' CPU time of the process so far. */
    static Duration compilerCpu(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return Duration.ZERO;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                ticks += compilerTicks(thread.resolve("stat"));
            }
        } catch (IOException e) {
            return Duration.ZERO; // the process is gone
        }
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    private static long compilerTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException e) {
            return 0; // the thread ended meanwhile
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || !line.substring(open + 1, close).contains("CompilerThre")) {
            return 0;
        }
        // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
        String[] fields = line.substring(close + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}

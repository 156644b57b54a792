package io.capstan.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Prints benchmark lines and appends them to {@code e2e/target/bench-results.txt}. */
final class BenchmarkReport {
    private BenchmarkReport() {
    }

    static void print(String title, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder("== " + title + " (" + Runtime.getRuntime().availableProcessors() + " CPUs)\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        System.out.print(sb);
        Path out = Path.of(System.getProperty("capstan.e2e.logs", "target/e2e-logs")).resolveSibling("bench-results.txt");
        Files.writeString(out, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

package io.capstan.common.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds an outside program (etcd, kubectl) on PATH. Where it is missing the test is skipped with a loud
 * reason, except in CI ({@code CI=true}), where a missing program fails the run.
 */
public final class RequiredProgram {
    private RequiredProgram() {
    }

    /** The program's path; skips (or in CI fails) the calling test or class when it is not on PATH. */
    public static Path require(String name, String why) {
        Optional<Path> found = onPath(name);
        if (found.isPresent()) {
            return found.get();
        }
        String message = "'" + name + "' is not on PATH; " + why + ". Install it to run these tests.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true: a missing program is a failure, not a skip)");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}

package io.capstan.apiserver.storage.sqlite;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link SqliteStorageTest}: writes keys forever, printing each acknowledged
 * revision, until the test kills it with SIGKILL.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) {
        SqliteStorage storage = new SqliteStorage(Path.of(args[0]));
        for (int i = 0; ; i++) {
            long rev = storage.create("/registry/crash/k" + i, ("v" + i).getBytes(StandardCharsets.UTF_8));
            System.out.println("ack " + i + " " + rev);
            System.out.flush();
        }
    }
}

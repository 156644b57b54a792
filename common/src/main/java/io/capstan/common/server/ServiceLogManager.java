package io.capstan.common.server;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} that ignores the reset the JDK's own shutdown hook performs, so a service's
 * last log lines ("shutting down", "stopped") written by its own shutdown hook are not lost.
 * Installed by {@link ServiceLauncher} through {@code java.util.logging.manager}.
 */
public final class ServiceLogManager extends LogManager {

    @Override
    public void reset() {
        // The JDK resets logging from a shutdown hook of class LogManager$Cleaner; that would race
        // with our graceful stop and drop its lines. Handlers flush on every record anyway.
        if (Thread.currentThread().getClass().getName().endsWith("LogManager$Cleaner")) {
            return;
        }
        super.reset();
    }
}

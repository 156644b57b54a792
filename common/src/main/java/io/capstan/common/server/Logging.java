package io.capstan.common.server;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** Sets up java.util.logging for a service: one line per event on standard error. */
public final class Logging {
    private Logging() {
    }

    /**
     * Replaces the root handlers with one that writes {@link LogFormatter} lines.
     *
     * @param service the service name printed on every line
     * @param level   a JUL level name or one of {@code debug|info|warn|error}
     */
    public static void configure(String service, String level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new LogFormatter(service));
        Level lvl = parse(level);
        handler.setLevel(lvl);
        root.addHandler(handler);
        root.setLevel(lvl);
        // Helidon and gRPC are chatty at INFO about internals a user does not act on.
        Logger.getLogger("io.helidon").setLevel(lvl.intValue() < Level.INFO.intValue() ? lvl : Level.WARNING);
        Logger.getLogger("io.grpc").setLevel(Level.WARNING);
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        Logger.getLogger("io.vertx").setLevel(Level.WARNING);
    }

    static Level parse(String level) {
        if (level == null || level.isBlank()) {
            return Level.INFO;
        }
        return switch (level.trim().toLowerCase()) {
            case "debug", "fine" -> Level.FINE;
            case "trace", "finest" -> Level.FINEST;
            case "warn", "warning" -> Level.WARNING;
            case "error", "severe" -> Level.SEVERE;
            case "info" -> Level.INFO;
            default -> throw new UsageException("unknown log level \"" + level + "\"; use debug, info, warn or error");
        };
    }
}

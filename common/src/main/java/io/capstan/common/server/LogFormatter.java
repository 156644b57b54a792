package io.capstan.common.server;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per event: time, level, service, component (the logger's simple name) and message.
 * A throwable is folded onto the same line so that log lines stay one per event.
 */
public final class LogFormatter extends Formatter {
    private final String service;

    public LogFormatter(String service) {
        this.service = service;
    }

    @Override
    public String format(LogRecord record) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(Instant.ofEpochMilli(record.getMillis())).append(' ')
                .append(level(record)).append(' ')
                .append(service).append(' ')
                .append('[').append(component(record.getLoggerName())).append("] ")
                .append(oneLine(formatMessage(record)));
        Throwable t = record.getThrown();
        if (t != null) {
            sb.append(" error=\"").append(oneLine(describe(t))).append('"');
        }
        return sb.append('\n').toString();
    }

    private static String level(LogRecord r) {
        return switch (r.getLevel().getName()) {
            case "SEVERE" -> "ERROR";
            case "WARNING" -> "WARN ";
            case "INFO" -> "INFO ";
            case "CONFIG" -> "CONF ";
            default -> "DEBUG";
        };
    }

    static String component(String loggerName) {
        if (loggerName == null || loggerName.isEmpty()) {
            return "main";
        }
        int dot = loggerName.lastIndexOf('.');
        return dot >= 0 ? loggerName.substring(dot + 1) : loggerName;
    }

    private static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable cur = t;
        int depth = 0;
        while (cur != null && depth++ < 4) {
            if (sb.length() > 0) {
                sb.append(" <- caused by ");
            }
            sb.append(cur);
            StackTraceElement[] st = cur.getStackTrace();
            if (st.length > 0) {
                sb.append(" at ").append(st[0]);
            }
            cur = cur.getCause();
        }
        return sb.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}

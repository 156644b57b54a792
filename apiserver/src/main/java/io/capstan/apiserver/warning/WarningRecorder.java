package io.capstan.apiserver.warning;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The warnings of the request being served (upstream's {@code warning.AddWarning} with the recorder
 * its handler chain puts in the request context): code that runs for a request adds warnings, the
 * handler sends them as {@code Warning: 299 - "<text>"} headers, each text once, in order. Every
 * request runs on its own (virtual) thread, so the recorder is that thread's; outside a request
 * warnings are dropped.
 */
public final class WarningRecorder {
    private static final ThreadLocal<Set<String>> CURRENT = new ThreadLocal<>();

    private WarningRecorder() {
    }

    /** Starts recording for the request served on this thread. */
    public static void begin() {
        CURRENT.set(new LinkedHashSet<>());
    }

    /** Ends the request on this thread; later warnings are dropped. */
    public static void end() {
        CURRENT.remove();
    }

    /** Adds a warning to the current request (empty texts and repeats are ignored, as upstream). */
    public static void add(String text) {
        Set<String> warnings = CURRENT.get();
        if (warnings != null && text != null && !text.isEmpty()) {
            warnings.add(text);
        }
    }

    /** Adds each of {@code texts}. */
    public static void addAll(List<String> texts) {
        texts.forEach(WarningRecorder::add);
    }

    /** The current request's warnings, as {@code Warning} header values, and forgets them (each is sent once). */
    public static List<String> drainHeaderValues() {
        Set<String> warnings = CURRENT.get();
        if (warnings == null || warnings.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(warnings.size());
        warnings.forEach(w -> out.add(headerValue(w)));
        warnings.clear();
        return out;
    }

    /** Upstream's {@code NewWarningHeader(299, "-", text)}: the text quoted, {@code "} and {@code \} escaped. */
    public static String headerValue(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8).append("299 - \"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}

package io.capstan.apiserver.endpoints;

import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's {@code path.IsValidPathSegmentName}: a name or namespace taken from the URL may not be
 * {@code .} or {@code ..} and may not contain {@code /} or {@code %}; the store refuses others with a 400
 * ({@code Name parameter invalid}) before reaching storage. Also the literal, percent-decoded request path,
 * which (unlike the web server's normalized one) keeps its dot segments, as Go's server does.
 */
public final class PathSegmentName {
    private PathSegmentName() {
    }

    /** What is wrong with {@code name} as a path segment; empty when nothing is. */
    public static List<String> problems(String name) {
        if (name.equals(".") || name.equals("..")) {
            return List.of("may not be '" + name + "'");
        }
        List<String> out = new ArrayList<>();
        for (String illegal : List.of("/", "%")) {
            if (name.contains(illegal)) {
                out.add("may not contain '" + illegal + "'");
            }
        }
        return out;
    }

    /** 400 BadRequest when a resource request's name or namespace is not a valid path segment. */
    public static void validate(RequestInfo info) {
        if (info == null || !info.resourceRequest()) {
            return;
        }
        check("Namespace", info.namespace());
        check("Name", info.name());
    }

    private static void check(String what, String value) {
        if (value.isEmpty()) {
            return;
        }
        List<String> problems = problems(value);
        if (!problems.isEmpty()) {
            throw invalid(what, value, problems);
        }
    }

    private static StatusException invalid(String what, String value, List<String> problems) {
        return Statuses.badRequest(what + " parameter invalid: \"" + value + "\": " + String.join(";", problems));
    }

    /**
     * The raw path percent-decoded as UTF-8 without resolving {@code .} and {@code ..} segments; an invalid
     * escape is kept as it is. {@code +} stays a plus sign (it means a space only in queries).
     */
    public static String decode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(rawPath.length());
        byte[] in = rawPath.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
                out.write(hex(in[i + 1]) * 16 + hex(in[i + 2]));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** True when a {@code /}-separated segment of {@code path} is {@code .} or {@code ..}. */
    public static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}

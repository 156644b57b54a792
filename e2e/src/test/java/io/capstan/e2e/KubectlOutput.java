package io.capstan.e2e;

import java.util.regex.Pattern;

/**
 * Makes kubectl output comparable with what a real cluster prints: the values no two clusters share
 * (timestamps, ages, uids, resourceVersions, ports) become fixed placeholders; everything else,
 * spacing included, is compared as is.
 */
final class KubectlOutput {
    private static final Pattern RFC1123 = Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final Pattern UID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern RESOURCE_VERSION = Pattern.compile("(\"?resourceVersion\"?: )\"\\d+\"");
    /** An age in a table's last column (kubectl's HumanDuration: 5s, 3m2s, 10m, 2h, ...). */
    private static final Pattern TRAILING_AGE = Pattern.compile("(?m)\\b\\d+[smhd](\\d+[smh])?$");

    private KubectlOutput() {
    }

    static String normalize(String output) {
        String s = RFC1123.matcher(output).replaceAll("<time>");
        s = RFC3339.matcher(s).replaceAll("<time>");
        s = UID.matcher(s).replaceAll("<uid>");
        s = RESOURCE_VERSION.matcher(s).replaceAll("$1\"<rv>\"");
        return TRAILING_AGE.matcher(s).replaceAll("<age>");
    }
}

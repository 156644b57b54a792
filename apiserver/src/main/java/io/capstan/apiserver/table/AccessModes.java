package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Upstream's {@code GetAccessModesAsString}: RWO, ROX, RWX, RWOP in that order, each once, joined by commas. */
final class AccessModes {
    private static final String[][] MODES = {
        {"ReadWriteOnce", "RWO"}, {"ReadOnlyMany", "ROX"}, {"ReadWriteMany", "RWX"}, {"ReadWriteOncePod", "RWOP"}};

    private AccessModes() {
    }

    static String of(JsonNode modes) {
        List<String> present = new ArrayList<>();
        modes.forEach(m -> present.add(m.asText()));
        List<String> out = new ArrayList<>();
        for (String[] m : MODES) {
            if (present.contains(m[0])) {
                out.add(m[1]);
            }
        }
        return String.join(",", out);
    }
}

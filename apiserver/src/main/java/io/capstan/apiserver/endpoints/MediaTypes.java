package io.capstan.apiserver.endpoints;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses {@code Accept} and {@code Content-Type} values, with their parameters ({@code as=Table;v=v1;g=meta.k8s.io}). */
public final class MediaTypes {
    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";
    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";

    private MediaTypes() {
    }

    /** One media range: type/subtype and lower-cased parameter names. */
    public record MediaRange(String type, Map<String, String> params) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** Parses a comma-separated header into media ranges, in the order given (q-values are ignored, as upstream does). */
    public static List<MediaRange> parse(String header) {
        List<MediaRange> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String part : header.split(",")) {
            String[] bits = part.split(";");
            String type = bits[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < bits.length; i++) {
                String p = bits[i].trim();
                int eq = p.indexOf('=');
                if (eq > 0) {
                    params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim().replace("\"", ""));
                }
            }
            out.add(new MediaRange(type, params));
        }
        return out;
    }

    /** The bare type of a Content-Type header ({@code application/json} from {@code application/json; charset=utf-8}). */
    public static String bare(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
    }
}

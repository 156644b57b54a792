package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Upstream's list continuation token: base64url of {@code {"v":"meta.k8s.io/v1","rv":N,"start":"<key>\0"}},
 * where {@code start} is relative to the listed prefix, so the token cannot reach outside it.
 */
public record ContinueToken(long revision, String startKey) {
    private static final String VERSION = "meta.k8s.io/v1";

    /** A token's revision meaning "continue at the latest revision", which upstream hands out when the original one was compacted. */
    public static final long LATEST = -1;

    /** The token for the next page starting right after {@code lastKey}. */
    public static String encode(long revision, String prefix, String lastKey) {
        return encodeStart(revision, prefix, lastKey + "\u0000");
    }

    /** The token for a page starting at {@code startKey} (inclusive). */
    public static String encodeStart(long revision, String prefix, String startKey) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("v", VERSION);
        n.put("rv", revision);
        n.put("start", startKey.substring(prefix.length()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
    }

    /** True for a token of {@link #LATEST}: an inconsistent continuation at the current revision. */
    public boolean latest() {
        return revision == LATEST;
    }

    /**
     * @throws io.capstan.common.api.StatusException 400 when the token is malformed
     */
    public static ContinueToken decode(String token, String prefix) {
        try {
            String t = token.replace('+', '-').replace('/', '_');
            while (t.endsWith("=")) {
                t = t.substring(0, t.length() - 1);
            }
            JsonNode n = Json.tree(Base64.getUrlDecoder().decode(t.getBytes(StandardCharsets.US_ASCII)));
            if (!VERSION.equals(n.path("v").asText())) {
                throw Statuses.badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
            long rv = n.path("rv").asLong(0);
            String start = n.path("start").asText("");
            if ((rv <= 0 && rv != LATEST) || start.isEmpty() || start.contains("..") || start.startsWith("/")) {
                throw Statuses.badRequest("continue key is not valid: invalid start key or resource version");
            }
            return new ContinueToken(rv, prefix + start);
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw Statuses.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}

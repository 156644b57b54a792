package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Upstream's list continue token (k8s.io/apiserver/pkg/storage/continue.go). */
class ContinueTokenTest {
    private static final String PREFIX = "/registry/pods/";

    @Test
    void roundTrips() {
        String token = ContinueToken.encode(42, PREFIX, PREFIX + "ns/web-1");
        assertEquals(new ContinueToken(42, PREFIX + "ns/web-1\u0000"), ContinueToken.decode(token, PREFIX));
    }

    @Test
    void encodesAsUpstreamDoes() {
        String token = ContinueToken.encode(7, PREFIX, PREFIX + "ns/a");
        assertFalse(token.contains("=") || token.contains("+") || token.contains("/"), "raw URL-safe base64: " + token);
        JsonNode n = Json.tree(Base64.getUrlDecoder().decode(token));
        assertEquals(Json.tree("{\"v\":\"meta.k8s.io/v1\",\"rv\":7,\"start\":\"ns/a\\u0000\"}".getBytes(StandardCharsets.UTF_8)), n);
    }

    @Test
    void decodesATokenMadeByUpstream() {
        // base64.RawURLEncoding of Go's json.Marshal of {"v":"meta.k8s.io/v1","rv":12,"start":"ns/b\u0000"}
        String token = raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":12,\"start\":\"ns/b\\u0000\"}");
        assertEquals(new ContinueToken(12, PREFIX + "ns/b\u0000"), ContinueToken.decode(token, PREFIX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "%%%", "abc", "bm90IGpzb24", "not-a-token-at-all"})
    void garbageIsBadRequest(String token) {
        assertBadRequest(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "[]",
            "{}",
            "{\"v\":\"meta.k8s.io/v2\",\"rv\":1,\"start\":\"a\"}",
            "{\"rv\":1,\"start\":\"a\"}",
            "{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"a\"}",
            "{\"v\":\"meta.k8s.io/v1\",\"rv\":-3,\"start\":\"a\"}",
            "{\"v\":\"meta.k8s.io/v1\",\"start\":\"a\"}",
            "{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"\"}",
            "{\"v\":\"meta.k8s.io/v1\",\"rv\":1}"})
    void invalidContentIsBadRequest(String json) {
        assertBadRequest(raw(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secrets/ns/s\\u0000", "ns/../../secrets/x\\u0000", "../../\\u0000"})
    void startEscapingThePrefixIsBadRequest(String start) {
        assertBadRequest(raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"" + start + "\"}"));
    }

    /** Stricter than upstream, which path-cleans a leading slash away; either way the key stays under the prefix. */
    @ParameterizedTest
    @ValueSource(strings = {"/ns/a\\u0000", "/\\u0000"})
    void startWithALeadingSlashIsBadRequest(String start) {
        assertBadRequest(raw("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"" + start + "\"}"));
    }

    private static void assertBadRequest(String token) {
        StatusException e = assertThrows(StatusException.class, () -> ContinueToken.decode(token, PREFIX));
        assertEquals(400, e.code(), e.getMessage());
        assertEquals("BadRequest", e.reason());
    }

    private static String raw(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

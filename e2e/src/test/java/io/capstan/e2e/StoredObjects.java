package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A checksum of every stored object, per resource: discovery lists the listable resources of every group
 * version, each is listed across all namespaces, and the sha256 of its items' JSON (sorted by namespace
 * and name) is kept. Leases and events are left out: the components write them on their own (leader
 * election renews every few seconds), whatever the test does.
 */
final class StoredObjects {
    /** Resources the control plane itself keeps writing. */
    static final Set<String> VOLATILE = Set.of("leases.coordination.k8s.io", "events", "events.events.k8s.io");

    private StoredObjects() {
    }

    /** Resource ({@code pods}, {@code deployments.apps}) to the sha256 of its objects. */
    static Map<String, String> checksums(RawHttp http) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String groupVersion : groupVersions(http)) {
            String base = groupVersion.equals("v1") ? "/api/v1" : "/apis/" + groupVersion;
            JsonNode resources = get(http, base);
            for (JsonNode r : resources.path("resources")) {
                String name = r.path("name").asText();
                boolean listable = false;
                for (JsonNode verb : r.path("verbs")) {
                    listable |= verb.asText().equals("list");
                }
                String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
                String key = group.isEmpty() ? name : name + "." + group;
                if (!listable || name.contains("/") || VOLATILE.contains(key) || out.containsKey(key)) {
                    continue;
                }
                out.put(key, digest(get(http, base + "/" + name).path("items")));
            }
        }
        return out;
    }

    private static List<String> groupVersions(RawHttp http) throws IOException {
        List<String> out = new ArrayList<>(List.of("v1"));
        for (JsonNode g : get(http, "/apis").path("groups")) {
            out.add(g.path("preferredVersion").path("groupVersion").asText());
        }
        return out;
    }

    private static String digest(JsonNode items) {
        Map<String, String> sorted = new TreeMap<>();
        for (JsonNode item : items) {
            ObjectNode copy = item.deepCopy();
            JsonNode meta = copy.path("metadata");
            sorted.put(meta.path("namespace").asText() + "/" + meta.path("name").asText(), copy.toString());
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sorted.forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            });
            return sorted.size() + " objects " + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(RawHttp http, String path) throws IOException {
        RawHttp.Response r = http.exchange(http.head("GET", path, Map.of("Accept", "application/json"), new byte[0]), new byte[0],
                Duration.ofSeconds(60));
        if (r.code() != 200) {
            throw new IOException("GET " + path + ": " + r.code() + " " + r.text());
        }
        return Json.MAPPER.readTree(r.body());
    }
}

package io.capstan.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the server's legacy discovery documents, as client-go's discovery client does: the preferred
 * version of every group, and the resources (not subresources) each serves.
 */
public final class Discovery {
    private final RestClient client;

    public Discovery(RestClient client) {
        this.client = client;
    }

    /** One served resource with its kind, scope and verbs. */
    public record Resource(GroupVersionResource gvr, String kind, boolean namespaced, Set<String> verbs) {
    }

    /** Every resource of the core group and of each group's preferred version. */
    public List<Resource> preferredResources() {
        List<Resource> out = new ArrayList<>();
        for (JsonNode v : client.getPath("/api").path("versions")) {
            collect("", v.asText(), "/api/" + v.asText(), out);
        }
        for (JsonNode g : client.getPath("/apis").path("groups")) {
            String version = g.path("preferredVersion").path("version").asText("");
            if (version.isEmpty() && g.path("versions").size() > 0) {
                version = g.path("versions").get(0).path("version").asText();
            }
            String group = g.path("name").asText();
            collect(group, version, "/apis/" + group + "/" + version, out);
        }
        return out;
    }

    private void collect(String group, String version, String path, List<Resource> out) {
        ObjectNode list = client.getPath(path);
        for (JsonNode r : list.path("resources")) {
            String name = r.path("name").asText();
            if (name.contains("/")) {
                continue;
            }
            Set<String> verbs = new LinkedHashSet<>();
            r.path("verbs").forEach(v -> verbs.add(v.asText()));
            out.add(new Resource(new GroupVersionResource(group, version, name), r.path("kind").asText(),
                    r.path("namespaced").asBoolean(), verbs));
        }
    }
}

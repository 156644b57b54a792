package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Aggregated discovery ({@code apidiscovery.k8s.io/v2}, and {@code v2beta1} which kubectl 1.32 also
 * asks for) on {@code /api} and {@code /apis}: one {@code APIGroupDiscoveryList} with every group,
 * version and resource, as upstream's {@code discovery/aggregated} handler serves it. Chosen only by
 * the {@code Accept} header; legacy discovery stays the default.
 */
public final class AggregatedDiscovery {
    /** The group of the aggregated discovery types. */
    public static final String GROUP = "apidiscovery.k8s.io";
    /** The kind a client names in {@code as=}. */
    public static final String LIST_KIND = "APIGroupDiscoveryList";
    private static final List<String> VERSIONS = List.of("v2", "v2beta1");

    private final ResourceRegistry registry;

    public AggregatedDiscovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    /**
     * The aggregated discovery version the {@code Accept} header asks for ({@code v2} or
     * {@code v2beta1}), or null when the first acceptable media range is a legacy one (or none is
     * given). Ranges naming other groups, versions or kinds are skipped, as upstream's negotiation does.
     */
    public static String negotiate(String accept) {
        for (MediaTypes.MediaRange r : MediaTypes.parse(accept)) {
            String as = r.param("as");
            boolean json = r.type().equals(MediaTypes.JSON);
            if (json && LIST_KIND.equals(as) && GROUP.equals(r.param("g")) && VERSIONS.contains(r.param("v"))) {
                return r.param("v");
            }
            if (as == null && (json || r.type().equals(MediaTypes.YAML) || r.type().equals("*/*") || r.type().equals("application/*"))) {
                return null;
            }
        }
        return null;
    }

    /** The {@code Content-Type} of an aggregated answer in {@code version}, which upstream echoes from the request. */
    public static String contentType(String version) {
        return MediaTypes.JSON + ";g=" + GROUP + ";v=" + version + ";as=" + LIST_KIND;
    }

    /** {@code /api}: the core group only (its metadata has no name). */
    public ObjectNode core(String version) {
        ObjectNode list = list(version);
        list.withArray("items").add(group(""));
        return list;
    }

    /** {@code /apis}: every named group, in the order legacy {@code /apis} lists them. */
    public ObjectNode groups(String version) {
        ObjectNode list = list(version);
        ArrayNode items = list.withArray("items");
        registry.groupVersions().stream().map(GroupVersionResource::group).filter(g -> !g.isEmpty()).distinct()
                .forEach(g -> items.add(group(g)));
        return list;
    }

    /**
     * The quoted ETag of a document: the SHA-512 of its JSON in upper-case hex, as upstream's
     * {@code calculateETag} computes it.
     */
    public static String etag(ObjectNode document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(Json.bytes(document));
            return "\"" + HexFormat.of().formatHex(digest).toUpperCase(Locale.ROOT) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode list(String version) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", LIST_KIND);
        o.put("apiVersion", GROUP + "/" + version);
        o.putObject("metadata");
        o.putArray("items");
        return o;
    }

    private ObjectNode group(String name) {
        ObjectNode g = Json.MAPPER.createObjectNode();
        ObjectNode meta = g.putObject("metadata");
        if (!name.isEmpty()) {
            meta.put("name", name);
        }
        meta.putNull("creationTimestamp");
        ArrayNode versions = g.putArray("versions");
        for (GroupVersionResource gv : registry.groupVersions()) {
            if (gv.group().equals(name)) {
                versions.add(version(name, gv.version()));
            }
        }
        return g;
    }

    private ObjectNode version(String group, String version) {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("version", version);
        ArrayNode resources = v.putArray("resources");
        registry.stores().stream().map(GenericStore::definition)
                .filter(d -> d.group().equals(group) && d.gvr().version().equals(version))
                .sorted(Comparator.comparing(ResourceDefinition::resource))
                .forEach(d -> resources.add(resource(d)));
        v.put("freshness", "Current");
        return v;
    }

    private static ObjectNode resource(ResourceDefinition d) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("resource", d.resource());
        r.set("responseKind", kind("", "", d.kind()));
        r.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
        r.put("singularResource", d.singular());
        ArrayNode verbs = r.putArray("verbs");
        d.verbs().forEach(verbs::add);
        if (!d.shortNames().isEmpty()) {
            ArrayNode sn = r.putArray("shortNames");
            d.shortNames().forEach(sn::add);
        }
        if (!d.categories().isEmpty()) {
            ArrayNode cat = r.putArray("categories");
            d.categories().forEach(cat::add);
        }
        if (!d.subresources().isEmpty()) {
            ArrayNode subs = r.putArray("subresources");
            for (String sub : d.subresources().stream().sorted().toList()) {
                SubresourceDiscovery sd = SubresourceDiscovery.of(d, sub);
                ObjectNode s = subs.addObject();
                s.put("subresource", sub);
                s.set("responseKind", kind(sd.group(), sd.version(), sd.kind()));
                ArrayNode sv = s.putArray("verbs");
                sd.verbs().forEach(sv::add);
            }
        }
        return r;
    }

    private static ObjectNode kind(String group, String version, String kind) {
        ObjectNode k = Json.MAPPER.createObjectNode();
        k.put("group", group);
        k.put("version", version);
        k.put("kind", kind);
        return k;
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.json.Json;

import java.util.List;

/** Legacy discovery documents: {@code APIVersions}, {@code APIGroupList}, {@code APIGroup}, {@code APIResourceList}. */
public final class Discovery {
    private final ResourceRegistry registry;
    private final String serverAddress;

    public Discovery(ResourceRegistry registry, String serverAddress) {
        this.registry = registry;
        this.serverAddress = serverAddress;
    }

    /** {@code /api}. */
    public ObjectNode apiVersions() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        ObjectNode addr = o.putArray("serverAddressByClientCIDRs").addObject();
        addr.put("clientCIDR", "0.0.0.0/0");
        addr.put("serverAddress", serverAddress);
        return o;
    }

    /** {@code /apis}. */
    public ObjectNode groupList() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIGroupList");
        o.put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (String g : groups()) {
            ObjectNode group = group(g);
            group.remove("kind");
            group.remove("apiVersion");
            groups.add(group);
        }
        return o;
    }

    /** {@code /apis/<group>}, or null when the group is not served. */
    public ObjectNode group(String name) {
        List<GroupVersionResource> versions = registry.groupVersions().stream().filter(g -> g.group().equals(name)).toList();
        if (name.isEmpty() || versions.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIGroup");
        o.put("apiVersion", "v1");
        o.put("name", name);
        ArrayNode vs = o.putArray("versions");
        for (GroupVersionResource v : versions) {
            ObjectNode e = vs.addObject();
            e.put("groupVersion", name + "/" + v.version());
            e.put("version", v.version());
        }
        ObjectNode preferred = o.putObject("preferredVersion");
        preferred.put("groupVersion", name + "/" + versions.get(0).version());
        preferred.put("version", versions.get(0).version());
        return o;
    }

    private List<String> groups() {
        return registry.groupVersions().stream().map(GroupVersionResource::group).filter(g -> !g.isEmpty()).distinct().toList();
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}, or null when not served. */
    public ObjectNode resourceList(String group, String version) {
        if (!registry.serves(group, version)) {
            return null;
        }
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "APIResourceList");
        o.put("apiVersion", "v1");
        o.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = o.putArray("resources");
        for (GenericStore store : registry.stores()) {
            ResourceDefinition d = store.definition();
            if (!d.group().equals(group) || !d.gvr().version().equals(version)) {
                continue;
            }
            ObjectNode r = resources.addObject();
            r.put("name", d.resource());
            r.put("singularName", d.singular());
            r.put("namespaced", d.namespaced());
            r.put("kind", d.kind());
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
            for (String sub : d.subresources().stream().sorted().toList()) {
                ObjectNode s = resources.addObject();
                s.put("name", d.resource() + "/" + sub);
                s.put("singularName", "");
                s.put("namespaced", d.namespaced());
                SubresourceDiscovery sd = SubresourceDiscovery.of(d, sub);
                if (sd.foreign()) {
                    s.put("group", sd.group());
                    s.put("version", sd.version());
                }
                s.put("kind", sd.kind());
                ArrayNode sv = Json.MAPPER.createArrayNode();
                sd.verbs().forEach(sv::add);
                s.set("verbs", sv);
            }
        }
        return o;
    }
}

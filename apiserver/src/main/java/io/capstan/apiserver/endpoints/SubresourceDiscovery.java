package io.capstan.apiserver.endpoints;

import io.capstan.apiserver.registry.ResourceDefinition;

import java.util.List;

/**
 * What discovery says about one subresource: the kind it answers with and its verbs, as upstream's
 * installer reports them (scale answers with {@code autoscaling/v1} Scale, binding and eviction are
 * create-only, finalize is update-only).
 *
 * @param group   the response kind's group, empty when it is the resource's own group version
 * @param version the response kind's version, empty when it is the resource's own group version
 */
record SubresourceDiscovery(String name, String group, String version, String kind, List<String> verbs) {

    static SubresourceDiscovery of(ResourceDefinition def, String sub) {
        return switch (sub) {
            case "binding" -> new SubresourceDiscovery(sub, "", "", "Binding", List.of("create"));
            case "eviction" -> new SubresourceDiscovery(sub, "policy", "v1", "Eviction", List.of("create"));
            case "token" -> new SubresourceDiscovery(sub, TokenSubresource.GROUP, TokenSubresource.VERSION, TokenSubresource.KIND,
                    List.of("create"));
            case "scale" -> new SubresourceDiscovery(sub, ScaleSubresource.GROUP, ScaleSubresource.VERSION, "Scale",
                    List.of("get", "patch", "update"));
            case "finalize" -> new SubresourceDiscovery(sub, "", "", def.kind(), List.of("update"));
            default -> new SubresourceDiscovery(sub, "", "", def.kind(), List.of("get", "patch", "update"));
        };
    }

    /** Whether the response kind lives in another group version than the resource. */
    boolean foreign() {
        return !group.isEmpty() || !version.isEmpty();
    }
}

package io.capstan.apiserver.audit;

import java.util.List;

/**
 * The resources of one API group a policy rule matches, as upstream's {@code GroupResources}.
 *
 * @param group         the API group; empty for the core group
 * @param resources     resources ({@code pods}), subresources ({@code pods/log}), {@code *}, <code>&#42;/log</code>
 *                      (any resource's {@code log}) or <code>pods/&#42;</code> (pods and all their subresources);
 *                      empty matches every resource of the group
 * @param resourceNames object names; empty matches every name
 */
public record GroupResources(String group, List<String> resources, List<String> resourceNames) {
    public GroupResources {
        resources = List.copyOf(resources);
        resourceNames = List.copyOf(resourceNames);
    }
}

package io.capstan.apiserver.audit;

import java.util.List;
import java.util.Set;

/**
 * One rule of an audit {@link Policy}, as upstream's {@code PolicyRule}. Empty lists match everything; a rule
 * with {@code resources} or {@code namespaces} matches only resource requests, one with {@code nonResourceURLs}
 * only non-resource requests.
 *
 * @param level             the level of requests the rule matches
 * @param users             user names
 * @param userGroups        groups; a user in any of them matches
 * @param verbs             verbs ({@code get}, {@code list}, {@code watch}, ..., or the lower-case HTTP method for non-resource URLs)
 * @param resources         resources by group
 * @param namespaces        namespaces; {@code ""} matches cluster-scoped resources
 * @param nonResourceURLs   paths; a trailing {@code *} matches any suffix
 * @param omitStages        stages not to log, in addition to the policy's
 * @param omitManagedFields whether to drop {@code metadata.managedFields} from logged bodies; null means the policy's
 */
public record PolicyRule(Level level, List<String> users, List<String> userGroups, List<String> verbs,
                         List<GroupResources> resources, List<String> namespaces, List<String> nonResourceURLs,
                         Set<Stage> omitStages, Boolean omitManagedFields) {
    public PolicyRule {
        users = List.copyOf(users);
        userGroups = List.copyOf(userGroups);
        verbs = List.copyOf(verbs);
        resources = List.copyOf(resources);
        namespaces = List.copyOf(namespaces);
        nonResourceURLs = List.copyOf(nonResourceURLs);
        omitStages = Set.copyOf(omitStages);
    }

    /** A rule that matches every request at {@code level}. */
    public static PolicyRule of(Level level) {
        return new PolicyRule(level, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Set.of(), null);
    }
}

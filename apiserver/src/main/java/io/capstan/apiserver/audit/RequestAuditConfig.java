package io.capstan.apiserver.audit;

import java.util.Set;

/**
 * How to audit one request, as upstream's {@code RequestAuditConfig}: the level and stages of the first matching rule.
 *
 * @param level             the level; {@link Level#NONE} logs nothing
 * @param omitStages        stages not logged (the rule's and the policy's)
 * @param omitManagedFields whether logged bodies drop {@code metadata.managedFields}
 */
public record RequestAuditConfig(Level level, Set<Stage> omitStages, boolean omitManagedFields) {
    public RequestAuditConfig {
        omitStages = Set.copyOf(omitStages);
    }
}

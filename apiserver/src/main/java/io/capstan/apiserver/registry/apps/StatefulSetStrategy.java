package io.capstan.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.List;
import java.util.Set;

/**
 * StatefulSets: apps/v1 defaults, status reset on create, generation counting spec changes, selector
 * rules, and upstream's rule that only some spec fields may change.
 */
public final class StatefulSetStrategy extends WorkloadStrategy {

    public StatefulSetStrategy() {
        super("statefulset");
    }
    private static final Set<String> MUTABLE = Set.of("replicas", "ordinals", "template", "updateStrategy",
            "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

    @Override
    public void applyDefaults(ObjectNode s) {
        ObjectNode spec = PodTemplates.object(s, "spec");
        PodTemplates.putIfAbsent(spec, "replicas", 1);
        PodTemplates.putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode update = PodTemplates.object(spec, "updateStrategy");
        PodTemplates.putIfAbsent(update, "type", "RollingUpdate");
        if ("RollingUpdate".equals(update.path("type").asText())) {
            PodTemplates.putIfAbsent(PodTemplates.object(update, "rollingUpdate"), "partition", 0);
        }
        PodTemplates.putIfAbsent(spec, "revisionHistoryLimit", 10);
        ObjectNode retention = PodTemplates.object(spec, "persistentVolumeClaimRetentionPolicy");
        PodTemplates.putIfAbsent(retention, "whenDeleted", "Retain");
        PodTemplates.putIfAbsent(retention, "whenScaled", "Retain");
        PodTemplates.applyDefaults(spec.get("template"));
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode s, ObjectNode old) {
        ObjectNode a = s.path("spec").deepCopy();
        ObjectNode b = old.path("spec").deepCopy();
        a.remove(MUTABLE);
        b.remove(MUTABLE);
        if (!a.equals(b)) {
            return List.of(Statuses.cause("FieldValueForbidden", "spec",
                    "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
        return List.of();
    }
}

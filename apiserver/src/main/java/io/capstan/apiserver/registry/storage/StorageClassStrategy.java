package io.capstan.apiserver.registry.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * StorageClasses: {@code reclaimPolicy} defaults to {@code Delete} and {@code volumeBindingMode} to
 * {@code Immediate}; a provisioner is required and, with the parameters and the reclaim policy, immutable.
 */
public final class StorageClassStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode sc) {
        if (!sc.hasNonNull("reclaimPolicy")) {
            sc.put("reclaimPolicy", "Delete");
        }
        if (!sc.hasNonNull("volumeBindingMode")) {
            sc.put("volumeBindingMode", "Immediate");
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode sc) {
        if (sc.path("provisioner").asText("").isEmpty()) {
            return List.of(Statuses.cause("FieldValueRequired", "provisioner", "Required value"));
        }
        return List.of();
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode sc, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>();
        for (String field : List.of("parameters", "provisioner", "reclaimPolicy")) {
            if (!sc.path(field).equals(old.path(field))) {
                causes.add(Statuses.cause("FieldValueForbidden", field, "Forbidden: updates to " + field + " are forbidden."));
            }
        }
        return causes;
    }
}

package io.capstan.apiserver.registry.scheduling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * PriorityClasses: {@code preemptionPolicy} defaults to {@code PreemptLowerPriority}; user classes may not
 * exceed one billion (higher values are kept for the {@code system-} classes), and {@code value} and
 * {@code preemptionPolicy} are immutable, as upstream's validation.
 */
public final class PriorityClassStrategy implements Strategy {
    private static final long HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000L;

    @Override
    public void applyDefaults(ObjectNode pc) {
        if (!pc.hasNonNull("preemptionPolicy")) {
            pc.put("preemptionPolicy", "PreemptLowerPriority");
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode pc) {
        List<StatusCause> causes = new ArrayList<>();
        long value = pc.path("value").asLong(0);
        if (!Meta.name(pc).startsWith("system-") && value > HIGHEST_USER_DEFINABLE_PRIORITY) {
            causes.add(Statuses.cause("FieldValueForbidden", "value",
                    "Forbidden: maximum allowed value of a user defined priority is " + HIGHEST_USER_DEFINABLE_PRIORITY));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode pc, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>();
        if (!pc.path("value").equals(old.path("value"))) {
            causes.add(Statuses.cause("FieldValueForbidden", "value", "Forbidden: may not be changed in an update."));
        }
        if (!pc.path("preemptionPolicy").equals(old.path("preemptionPolicy"))) {
            causes.add(Statuses.cause("FieldValueInvalid", "preemptionPolicy",
                    "Invalid value: \"" + pc.path("preemptionPolicy").asText() + "\": field is immutable"));
        }
        return causes;
    }
}

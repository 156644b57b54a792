package io.capstan.apiserver.registry.batch;

import io.capstan.apiserver.registry.core.PodWarnings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * CronJobs: batch/v1 defaults (Allow, not suspended, 3 successful and 1 failed job kept), status reset on
 * create, generation counting spec changes, and a required schedule and job template.
 */
public final class CronJobStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode cj) {
        ObjectNode spec = PodTemplates.object(cj, "spec");
        PodTemplates.putIfAbsent(spec, "concurrencyPolicy", "Allow");
        if (!spec.hasNonNull("suspend")) {
            spec.put("suspend", false);
        }
        PodTemplates.putIfAbsent(spec, "successfulJobsHistoryLimit", 3);
        PodTemplates.putIfAbsent(spec, "failedJobsHistoryLimit", 1);
        JsonNode template = spec.path("jobTemplate").path("spec").path("template");
        if (template.isObject()) {
            PodTemplates.applyDefaults(template);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode cj) {
        cj.putObject("status");
    }

    @Override
    public List<StatusCause> validate(ObjectNode cj) {
        JsonNode spec = cj.path("spec");
        List<StatusCause> causes = new ArrayList<>();
        if (spec.path("schedule").asText("").isBlank()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.schedule", "Required value"));
        }
        causes.addAll(PodTemplates.validate(spec.path("jobTemplate").path("spec").path("template"), "spec.jobTemplate.spec.template"));
        return causes;
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    @Override
    public List<String> warningsOnCreate(ObjectNode obj) {
        return PodWarnings.forWorkload("spec.jobTemplate.spec.template", obj, null);
    }

    @Override
    public List<String> warningsOnUpdate(ObjectNode obj, ObjectNode old) {
        return PodWarnings.forWorkload("spec.jobTemplate.spec.template", obj, old);
    }
}

package io.capstan.apiserver.registry.batch;

import io.capstan.apiserver.registry.core.PodWarnings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Jobs: batch/v1 defaults, status reset on create, generation counting spec changes, and upstream's
 * generated selector: unless {@code spec.manualSelector} is true, the job selects its pods by
 * {@code batch.kubernetes.io/controller-uid=<uid>} and its template carries that label (and the legacy
 * {@code controller-uid} and {@code job-name} labels).
 */
public final class JobStrategy implements Strategy {
    private static final String UID_LABEL = "batch.kubernetes.io/controller-uid";
    private static final String NAME_LABEL = "batch.kubernetes.io/job-name";

    @Override
    public void applyDefaults(ObjectNode job) {
        ObjectNode spec = PodTemplates.object(job, "spec");
        if (!spec.hasNonNull("completions") && !spec.hasNonNull("parallelism")) {
            spec.put("completions", 1);
            spec.put("parallelism", 1);
        }
        PodTemplates.putIfAbsent(spec, "parallelism", 1);
        PodTemplates.putIfAbsent(spec, "backoffLimit", 6);
        PodTemplates.putIfAbsent(spec, "completionMode", "NonIndexed");
        if (!spec.hasNonNull("suspend")) {
            spec.put("suspend", false);
        }
        PodTemplates.putIfAbsent(spec, "podReplacementPolicy", "TerminatingOrFailed");
        if (spec.path("template").isObject()) {
            PodTemplates.applyDefaults(spec.get("template"));
        }
    }

    @Override
    public void prepareForCreate(ObjectNode job) {
        job.putObject("status");
        ObjectNode spec = PodTemplates.object(job, "spec");
        if (spec.path("manualSelector").asBoolean(false)) {
            return;
        }
        // Upstream's generateSelector: the uid exists by now, the store sets it before this call.
        String uid = Meta.uid(job);
        String name = Meta.name(job);
        ObjectNode labels = PodTemplates.object(PodTemplates.object(PodTemplates.object(spec, "template"), "metadata"), "labels");
        labels.put("controller-uid", uid);
        labels.put(UID_LABEL, uid);
        labels.put("job-name", name);
        labels.put(NAME_LABEL, name);
        ObjectNode selector = PodTemplates.object(spec, "selector");
        PodTemplates.object(selector, "matchLabels").put(UID_LABEL, uid);
    }

    @Override
    public List<StatusCause> validate(ObjectNode job) {
        JsonNode spec = job.path("spec");
        List<StatusCause> causes = new ArrayList<>(PodTemplates.validateSelector(spec, "job"));
        causes.addAll(PodTemplates.validate(spec.path("template"), "spec.template"));
        String restart = spec.path("template").path("spec").path("restartPolicy").asText("");
        if (!Set.of("OnFailure", "Never").contains(restart)) {
            causes.add(Statuses.cause("FieldValueNotSupported", "spec.template.spec.restartPolicy",
                    "Unsupported value: \"" + restart + "\": supported values: \"OnFailure\", \"Never\""));
        }
        return causes;
    }

    /**
     * Upstream's {@code ValidateJobSpecUpdate}: selector, completion mode and pod template immutable; while
     * a job is suspended and has never started, its template's scheduling directives (node selector,
     * tolerations, affinity, scheduling gates) and labels and annotations may still change.
     */
    @Override
    public List<StatusCause> validateUpdate(ObjectNode job, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = job.path("spec");
        JsonNode oldSpec = old.path("spec");
        for (String f : List.of("selector", "completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy")) {
            if (!spec.path(f).equals(oldSpec.path(f))) {
                causes.add(Statuses.cause("FieldValueInvalid", "spec." + f, "Invalid value: " + spec.path(f) + ": field is immutable"));
            }
        }
        JsonNode template = spec.path("template").deepCopy();
        JsonNode oldTemplate = oldSpec.path("template");
        boolean mutableScheduling = spec.path("suspend").asBoolean(false) && old.path("status").path("startTime").isMissingNode();
        if (mutableScheduling && template instanceof ObjectNode t && oldTemplate instanceof ObjectNode ot) {
            ObjectNode meta = PodTemplates.object(t, "metadata");
            for (String f : List.of("labels", "annotations")) {
                copyField(ot.path("metadata"), meta, f);
            }
            ObjectNode podSpec = PodTemplates.object(t, "spec");
            for (String f : List.of("nodeSelector", "tolerations", "affinity", "schedulingGates")) {
                copyField(ot.path("spec"), podSpec, f);
            }
        }
        if (!template.equals(oldTemplate)) {
            causes.add(Statuses.cause("FieldValueInvalid", "spec.template",
                    "Invalid value: " + spec.path("template") + ": field is immutable"));
        }
        return causes;
    }

    private static void copyField(JsonNode from, ObjectNode to, String field) {
        if (from.has(field)) {
            to.set(field, from.get(field).deepCopy());
        } else {
            to.remove(field);
        }
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }

    /** The field upstream's {@code ToSelectableFields} adds for this kind, for field selectors. */
    @Override
    public Map<String, String> selectableFields(ObjectNode job) {
        return Map.of("status.successful", Long.toString(job.path("status").path("succeeded").asLong(0)));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("status.successful");
    }

    @Override
    public List<String> warningsOnCreate(ObjectNode obj) {
        return PodWarnings.forWorkload("spec.template", obj, null);
    }

    @Override
    public List<String> warningsOnUpdate(ObjectNode obj, ObjectNode old) {
        return PodWarnings.forWorkload("spec.template", obj, old);
    }
}

package io.capstan.apiserver.registry.apps;

import io.capstan.apiserver.registry.core.PodWarnings;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * What the apps/v1 workloads share upstream: status reset on create and owned by the status
 * subresource, generation counting spec changes, a selector that must match the pod template's
 * labels and may not change, and templates whose pods restart {@code Always}.
 */
abstract class WorkloadStrategy implements Strategy {
    private final String kind;

    /** @param kind the lower-case kind named in selector messages, e.g. {@code deployment} */
    WorkloadStrategy(String kind) {
        this.kind = kind;
    }

    @Override
    public void prepareForCreate(ObjectNode workload) {
        workload.putObject("status");
    }

    @Override
    public List<StatusCause> validate(ObjectNode workload) {
        List<StatusCause> causes = new ArrayList<>(PodTemplates.validateSelector(workload.path("spec"), kind));
        causes.addAll(PodTemplates.validate(workload.path("spec").path("template"), "spec.template"));
        causes.addAll(PodTemplates.validateRestartAlways(workload.path("spec").path("template")));
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode workload, ObjectNode old) {
        return PodTemplates.validateSelectorUnchanged(workload, old);
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
        return PodWarnings.forWorkload("spec.template", obj, null);
    }

    @Override
    public List<String> warningsOnUpdate(ObjectNode obj, ObjectNode old) {
        return PodWarnings.forWorkload("spec.template", obj, old);
    }
}

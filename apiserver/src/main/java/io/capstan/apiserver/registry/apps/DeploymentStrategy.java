package io.capstan.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * Deployments: apps/v1 defaults (one replica, 25%/25% rolling update, ten revisions, 600s progress
 * deadline), status reset on create, generation counting spec changes, selector rules.
 */
public final class DeploymentStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode d) {
        ObjectNode spec = PodTemplates.object(d, "spec");
        PodTemplates.putIfAbsent(spec, "replicas", 1);
        ObjectNode strategy = PodTemplates.object(spec, "strategy");
        PodTemplates.putIfAbsent(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(strategy.path("type").asText())) {
            ObjectNode rolling = PodTemplates.object(strategy, "rollingUpdate");
            PodTemplates.putIfAbsent(rolling, "maxUnavailable", "25%");
            PodTemplates.putIfAbsent(rolling, "maxSurge", "25%");
        }
        PodTemplates.putIfAbsent(spec, "revisionHistoryLimit", 10);
        PodTemplates.putIfAbsent(spec, "progressDeadlineSeconds", 600);
        PodTemplates.applyDefaults(spec.get("template"));
    }

    @Override
    public void prepareForCreate(ObjectNode d) {
        d.putObject("status");
    }

    @Override
    public List<StatusCause> validate(ObjectNode d) {
        List<StatusCause> causes = new ArrayList<>(PodTemplates.validateSelector(d.path("spec"), "deployment"));
        causes.addAll(PodTemplates.validate(d.path("spec").path("template"), "spec.template"));
        causes.addAll(PodTemplates.validateRestartAlways(d.path("spec").path("template")));
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode d, ObjectNode old) {
        return PodTemplates.validateSelectorUnchanged(d, old);
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public boolean tracksGeneration() {
        return true;
    }
}

package io.capstan.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;

/**
 * DaemonSets: apps/v1 defaults (rolling update, one unavailable, no surge, ten revisions), status reset on
 * create, generation counting spec changes, selector rules.
 */
public final class DaemonSetStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode ds) {
        ObjectNode spec = PodTemplates.object(ds, "spec");
        ObjectNode update = PodTemplates.object(spec, "updateStrategy");
        PodTemplates.putIfAbsent(update, "type", "RollingUpdate");
        if ("RollingUpdate".equals(update.path("type").asText())) {
            ObjectNode rolling = PodTemplates.object(update, "rollingUpdate");
            PodTemplates.putIfAbsent(rolling, "maxUnavailable", 1);
            PodTemplates.putIfAbsent(rolling, "maxSurge", 0);
        }
        PodTemplates.putIfAbsent(spec, "revisionHistoryLimit", 10);
        PodTemplates.applyDefaults(spec.get("template"));
    }

    @Override
    public void prepareForCreate(ObjectNode ds) {
        ds.putObject("status");
    }

    @Override
    public List<StatusCause> validate(ObjectNode ds) {
        List<StatusCause> causes = new ArrayList<>(PodTemplates.validateSelector(ds.path("spec"), "daemonset"));
        causes.addAll(PodTemplates.validate(ds.path("spec").path("template"), "spec.template"));
        causes.addAll(PodTemplates.validateRestartAlways(ds.path("spec").path("template")));
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode ds, ObjectNode old) {
        return PodTemplates.validateSelectorUnchanged(ds, old);
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

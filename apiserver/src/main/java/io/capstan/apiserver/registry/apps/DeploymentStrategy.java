package io.capstan.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;

import java.util.Set;

/**
 * Deployments: apps/v1 defaults (one replica, 25%/25% rolling update, ten revisions, 600s progress
 * deadline), status reset on create, generation counting spec and annotation changes (annotations are
 * copied to the replica sets, as upstream's strategy says), selector rules.
 */
public final class DeploymentStrategy extends WorkloadStrategy {

    public DeploymentStrategy() {
        super("deployment");
    }

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

    /** Upstream's deployment status strategy also puts back the labels. */
    @Override
    public Set<String> metadataKeptOnStatusUpdate() {
        return Set.of("labels");
    }

    @Override
    public boolean generationChanged(ObjectNode obj, ObjectNode old) {
        return super.generationChanged(obj, old)
                || !obj.path("metadata").path("annotations").equals(old.path("metadata").path("annotations"));
    }
}

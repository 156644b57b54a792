package io.capstan.apiserver.registry.apps;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;

/**
 * DaemonSets: apps/v1 defaults (rolling update, one unavailable, no surge, ten revisions), status reset on
 * create, generation counting spec changes, selector rules.
 */
public final class DaemonSetStrategy extends WorkloadStrategy {

    public DaemonSetStrategy() {
        super("daemonset");
    }

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
}

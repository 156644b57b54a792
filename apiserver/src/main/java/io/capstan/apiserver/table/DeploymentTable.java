package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Deployments, as upstream's {@code printDeployment}: NAME, READY, UP-TO-DATE, AVAILABLE, AGE, and wide CONTAINERS, IMAGES, SELECTOR. */
public final class DeploymentTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Ready", "string", "Number of the pod with ready state"),
            Column.of("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            Column.of("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            Column.ageColumn(), TemplateColumns.CONTAINERS, TemplateColumns.IMAGES,
            TemplateColumns.selector("Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."));

    @Override
    public List<Object> cells(ObjectNode d) {
        JsonNode spec = d.path("spec");
        JsonNode status = d.path("status");
        JsonNode pod = spec.path("template").path("spec");
        return List.of(Meta.name(d), Cells.integer(status, "readyReplicas") + "/" + Cells.integer(spec, "replicas"),
                Cells.integer(status, "updatedReplicas"), Cells.integer(status, "availableReplicas"), Age.of(d),
                TemplateColumns.containers(pod), TemplateColumns.images(pod), LabelSelectors.text(spec.path("selector")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

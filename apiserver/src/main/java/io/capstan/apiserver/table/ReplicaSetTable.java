package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** ReplicaSets, as upstream's {@code printReplicaSet}: NAME, DESIRED, CURRENT, READY, AGE, and wide CONTAINERS, IMAGES, SELECTOR. */
public final class ReplicaSetTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Desired", "integer", "Replicas is the number of desired replicas."),
            Column.of("Current", "integer", "Replicas is the most recently observed number of replicas."),
            Column.of("Ready", "integer", "The number of ready replicas for this replica set."),
            Column.ageColumn(), TemplateColumns.CONTAINERS, TemplateColumns.IMAGES,
            TemplateColumns.selector("Selector is a label query over pods that should match the replica count."));

    @Override
    public List<Object> cells(ObjectNode rs) {
        JsonNode spec = rs.path("spec");
        JsonNode status = rs.path("status");
        JsonNode pod = spec.path("template").path("spec");
        return List.of(Meta.name(rs), Cells.integer(spec, "replicas"), Cells.integer(status, "replicas"),
                Cells.integer(status, "readyReplicas"), Age.of(rs),
                TemplateColumns.containers(pod), TemplateColumns.images(pod), LabelSelectors.format(spec.get("selector")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

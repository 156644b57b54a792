package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** DaemonSets, as upstream's {@code printDaemonSet}: NAME, DESIRED, CURRENT, READY, UP-TO-DATE, AVAILABLE, NODE SELECTOR, AGE, and wide CONTAINERS, IMAGES, SELECTOR. */
public final class DaemonSetTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Desired", "integer", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod)."),
            Column.of("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
            Column.of("Ready", "integer", "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
            Column.of("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
            Column.of("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            Column.of("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node."),
            Column.ageColumn(), TemplateColumns.CONTAINERS, TemplateColumns.IMAGES,
            TemplateColumns.selector("A label query over pods that are managed by the daemon set."));

    @Override
    public List<Object> cells(ObjectNode ds) {
        JsonNode spec = ds.path("spec");
        JsonNode status = ds.path("status");
        JsonNode pod = spec.path("template").path("spec");
        return List.of(Meta.name(ds), Cells.integer(status, "desiredNumberScheduled"), Cells.integer(status, "currentNumberScheduled"),
                Cells.integer(status, "numberReady"), Cells.integer(status, "updatedNumberScheduled"),
                Cells.integer(status, "numberAvailable"), LabelSelectors.formatLabels(pod.path("nodeSelector")), Age.of(ds),
                TemplateColumns.containers(pod), TemplateColumns.images(pod), LabelSelectors.format(spec.get("selector")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

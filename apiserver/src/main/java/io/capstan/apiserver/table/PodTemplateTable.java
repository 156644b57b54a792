package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** PodTemplates, as upstream's {@code printPodTemplate}: NAME, CONTAINERS, IMAGES, POD LABELS. */
public final class PodTemplateTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Containers", "string", "Names of each container in the template."),
            Column.of("Images", "string", "Images referenced by each container in the template."),
            Column.of("Pod Labels", "string", "The labels for the pod template."));

    @Override
    public List<Object> cells(ObjectNode pt) {
        JsonNode template = pt.path("template");
        return List.of(Meta.name(pt), TemplateColumns.containers(template.path("spec")), TemplateColumns.images(template.path("spec")),
                LabelSelectors.formatLabels(template.path("metadata").path("labels")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

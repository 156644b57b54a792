package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** StatefulSets, as upstream's {@code printStatefulSet}: NAME, READY, AGE, and wide CONTAINERS, IMAGES. */
public final class StatefulSetTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Ready", "string", "Number of the pod with ready state"),
            Column.ageColumn(), TemplateColumns.CONTAINERS, TemplateColumns.IMAGES);

    @Override
    public List<Object> cells(ObjectNode s) {
        JsonNode spec = s.path("spec");
        JsonNode pod = spec.path("template").path("spec");
        return List.of(Meta.name(s), Cells.integer(s.path("status"), "readyReplicas") + "/" + Cells.integer(spec, "replicas"),
                Age.of(s), TemplateColumns.containers(pod), TemplateColumns.images(pod));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

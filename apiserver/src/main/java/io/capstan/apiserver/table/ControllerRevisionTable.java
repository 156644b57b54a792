package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** ControllerRevisions, as upstream's {@code printControllerRevision}: NAME, CONTROLLER, REVISION, AGE. */
public final class ControllerRevisionTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Controller", "string", "Controller of the object"),
            Column.of("Revision", "string", "Revision indicates the revision of the state represented by Data."),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode cr) {
        String controller = "<none>";
        for (JsonNode ref : cr.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = ref.path("apiVersion").asText("");
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf(47)) : "";
                String kind = ref.path("kind").asText("");
                controller = (group.isEmpty() ? kind : kind + "." + group).toLowerCase() + "/" + ref.path("name").asText("");
            }
        }
        return List.of(Meta.name(cr), controller, Cells.integer(cr, "revision"), Age.of(cr));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

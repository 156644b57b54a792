package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Namespaces: NAME, STATUS, AGE. */
public final class NamespaceTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Status", "string", "The status of the namespace"), Column.ageColumn());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Meta.name(obj), obj.path("status").path("phase").asText(""), Age.of(obj));
    }
}

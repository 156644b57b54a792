package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** RuntimeClasses, as upstream's {@code printRuntimeClass}: NAME, HANDLER, AGE. */
public final class RuntimeClassTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Handler", "string", "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class."),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode rc) {
        return List.of(Meta.name(rc), Cells.text(rc, "handler"), Age.of(rc));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

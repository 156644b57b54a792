package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Upstream's default table for kinds without a printer: Name and Created At. */
public final class DefaultTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            new Column("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Meta.name(obj), obj.path("metadata").path("creationTimestamp").asText(""));
    }
}

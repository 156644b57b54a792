package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Secrets: NAME, TYPE, DATA, AGE. */
public final class SecretTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Type", "string", "The type of the secret"),
            Column.of("Data", "string", "The number of entries in the secret"), Column.ageColumn());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Meta.name(obj), obj.path("type").asText(""), obj.path("data").size(), Age.of(obj));
    }
}

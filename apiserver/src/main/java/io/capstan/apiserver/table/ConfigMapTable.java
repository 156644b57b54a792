package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** ConfigMaps: NAME, DATA, AGE. */
public final class ConfigMapTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Data", "string", "Data contains the configuration data."), Column.ageColumn());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        int n = obj.path("data").size() + obj.path("binaryData").size();
        return List.of(Meta.name(obj), n, Age.of(obj));
    }
}

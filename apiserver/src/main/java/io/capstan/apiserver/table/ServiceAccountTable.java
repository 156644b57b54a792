package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** ServiceAccounts: NAME, SECRETS, AGE. */
public final class ServiceAccountTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
            Column.ageColumn());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Meta.name(obj), obj.path("secrets").size(), Age.of(obj));
    }
}

package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Leases: NAME, HOLDER, AGE. */
public final class LeaseTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Holder", "string", "The holder of the lease"), Column.ageColumn());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        return List.of(Meta.name(obj), obj.path("spec").path("holderIdentity").asText(""), Age.of(obj));
    }
}

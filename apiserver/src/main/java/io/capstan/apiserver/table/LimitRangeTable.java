package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** LimitRanges, as upstream's {@code printLimitRange}: NAME, CREATED AT. */
public final class LimitRangeTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Created At", "date", "CreationTimestamp is a timestamp representing the server time when this object was created."));

    @Override
    public List<Object> cells(ObjectNode lr) {
        return List.of(Meta.name(lr), Meta.text(lr, "creationTimestamp"));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

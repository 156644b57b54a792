package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** CSINodes, as upstream's {@code printCSINode}: NAME, DRIVERS, AGE. */
public final class CSINodeTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the node"),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode n) {
        return List.of(Meta.name(n), (long) n.path("spec").path("drivers").size(), Age.of(n));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** CSIStorageCapacities, as upstream's {@code printCSIStorageCapacity}: NAME, STORAGECLASSNAME, CAPACITY (upstream prints no age). */
public final class CSIStorageCapacityTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("StorageClassName", "string", "storageClassName represents the name of the StorageClass that the reported capacity applies to."),
            Column.of("Capacity", "string", "capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields."));

    @Override
    public List<Object> cells(ObjectNode c) {
        return List.of(Meta.name(c), Cells.text(c, "storageClassName"), Cells.orUnset(Cells.text(c, "capacity")));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

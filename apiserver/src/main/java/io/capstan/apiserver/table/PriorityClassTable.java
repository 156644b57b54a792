package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** PriorityClasses, as upstream's {@code printPriorityClass}: NAME, VALUE, GLOBAL-DEFAULT, AGE, PREEMPTIONPOLICY. */
public final class PriorityClassTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Value", "integer", "value represents the integer value of this priority class."),
            Column.of("Global-Default", "boolean", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
            Column.ageColumn(),
            Column.of("PreemptionPolicy", "string", "preemptionPolicy is the Policy for preempting pods with lower priority."));

    @Override
    public List<Object> cells(ObjectNode pc) {
        return List.of(Meta.name(pc), Cells.integer(pc, "value"), pc.path("globalDefault").asBoolean(false), Age.of(pc),
                Cells.text(pc, "preemptionPolicy"));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

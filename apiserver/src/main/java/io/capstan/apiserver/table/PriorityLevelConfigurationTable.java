package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** PriorityLevelConfigurations, as upstream's {@code printPriorityLevelConfiguration}: NAME, TYPE, NOMINALCONCURRENCYSHARES, QUEUES, HANDSIZE, QUEUELENGTHLIMIT, AGE. */
public final class PriorityLevelConfigurationTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Type", "string", "type indicates whether this priority level is subject to limitation on request execution."),
            Column.of("NominalConcurrencyShares", "string", "nominalConcurrencyShares (NCS) contributes to the computation of the NominalConcurrencyLimit (NominalCL) of this level."),
            Column.of("Queues", "string", "queues is the number of queues for this priority level."),
            Column.of("HandSize", "string", "handSize is a small positive number that configures the shuffle sharding of requests into queues."),
            Column.of("QueueLengthLimit", "string", "queueLengthLimit is the maximum number of requests allowed to be waiting in a given queue of this priority level at a time."),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode plc) {
        JsonNode limited = plc.path("spec").path("limited");
        Object ncs = "<none>";
        Object queues = "<none>";
        Object handSize = "<none>";
        Object queueLengthLimit = "<none>";
        if (limited.isObject()) {
            ncs = Cells.integer(limited, "nominalConcurrencyShares");
            JsonNode q = limited.path("limitResponse").path("queuing");
            if (q.isObject()) {
                queues = Cells.integer(q, "queues");
                handSize = Cells.integer(q, "handSize");
                queueLengthLimit = Cells.integer(q, "queueLengthLimit");
            }
        }
        return List.of(Meta.name(plc), Cells.text(plc.path("spec"), "type"), ncs, queues, handSize, queueLengthLimit, Age.of(plc));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

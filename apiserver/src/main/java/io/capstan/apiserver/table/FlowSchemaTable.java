package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** FlowSchemas, as upstream's {@code printFlowSchema}: NAME, PRIORITYLEVEL, MATCHINGPRECEDENCE, DISTINGUISHERMETHOD, AGE, MISSINGPL. */
public final class FlowSchemaTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("PriorityLevel", "string", "priorityLevelConfiguration should reference a PriorityLevelConfiguration in the cluster."),
            Column.of("MatchingPrecedence", "string", "matchingPrecedence is used to choose among the FlowSchemas that match a given request."),
            Column.of("DistinguisherMethod", "string", "distinguisherMethod defines how to compute the flow distinguisher for requests that match this schema."),
            Column.ageColumn(),
            Column.of("MissingPL", "string", "references a broken or non-existent PriorityLevelConfiguration"));

    @Override
    public List<Object> cells(ObjectNode fs) {
        JsonNode spec = fs.path("spec");
        String missing = "?";
        for (JsonNode c : fs.path("status").path("conditions")) {
            if ("Dangling".equals(Cells.text(c, "type"))) {
                missing = Cells.text(c, "status");
                break;
            }
        }
        String method = spec.path("distinguisherMethod").isObject() ? Cells.text(spec.path("distinguisherMethod"), "type") : "<none>";
        return List.of(Meta.name(fs), Cells.text(spec.path("priorityLevelConfiguration"), "name"),
                Cells.integer(spec, "matchingPrecedence"), method, Age.of(fs), missing);
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

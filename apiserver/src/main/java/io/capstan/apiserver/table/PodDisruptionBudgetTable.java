package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** PodDisruptionBudgets, as upstream's {@code printPodDisruptionBudget}: NAME, MIN AVAILABLE, MAX UNAVAILABLE, ALLOWED DISRUPTIONS, AGE. */
public final class PodDisruptionBudgetTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Min Available", "string", "The minimum number of pods that must be available."),
            Column.of("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
            Column.of("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode pdb) {
        JsonNode spec = pdb.path("spec");
        String min = spec.hasNonNull("minAvailable") ? spec.get("minAvailable").asText() : "N/A";
        String max = spec.hasNonNull("maxUnavailable") ? spec.get("maxUnavailable").asText() : "N/A";
        return List.of(Meta.name(pdb), min, max, Cells.integer(pdb.path("status"), "disruptionsAllowed"), Age.of(pdb));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

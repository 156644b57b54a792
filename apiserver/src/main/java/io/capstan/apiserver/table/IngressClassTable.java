package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** IngressClasses, as upstream's {@code printIngressClass}: NAME, CONTROLLER, PARAMETERS, AGE. */
public final class IngressClassTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Controller", "string", "Controller that is responsible for handling this class"),
            Column.of("Parameters", "string", "A reference to a resource with additional parameters"),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode ic) {
        JsonNode spec = ic.path("spec");
        String parameters = "<none>";
        JsonNode p = spec.path("parameters");
        if (p.isObject()) {
            parameters = Cells.text(p, "kind");
            if (p.hasNonNull("apiGroup")) {
                parameters += "." + p.get("apiGroup").asText();
            }
            parameters += "/" + Cells.text(p, "name");
        }
        return List.of(Meta.name(ic), Cells.text(spec, "controller"), parameters, Age.of(ic));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

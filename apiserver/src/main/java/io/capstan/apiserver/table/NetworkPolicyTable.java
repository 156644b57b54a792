package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** NetworkPolicies, as upstream's {@code printNetworkPolicy}: NAME, POD-SELECTOR, AGE. */
public final class NetworkPolicyTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Pod-Selector", "string", "podSelector selects the pods to which this NetworkPolicy object applies."),
            Column.ageColumn());

    @Override
    public List<Object> cells(ObjectNode np) {
        return List.of(Meta.name(np), LabelSelectors.format(np.path("spec").path("podSelector")), Age.of(np));
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;

/**
 * RoleBindings and ClusterRoleBindings: NAME, ROLE ({@code <kind>/<name>}), AGE; wide adds USERS, GROUPS and
 * SERVICEACCOUNTS ({@code <namespace>:<name>}), as upstream's {@code printRoleBinding} with {@code SubjectsStrings}.
 */
public final class RoleBindingTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global"
                    + " namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable."),
            Column.ageColumn(),
            Column.wide("Users", "string", "Users in the roleBinding"),
            Column.wide("Groups", "string", "Groups in the roleBinding"),
            Column.wide("ServiceAccounts", "string", "ServiceAccounts in the roleBinding"));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode obj) {
        JsonNode ref = obj.path("roleRef");
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> sas = new ArrayList<>();
        for (JsonNode s : obj.path("subjects")) {
            String name = s.path("name").asText("");
            switch (s.path("kind").asText("")) {
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                case "ServiceAccount" -> sas.add(s.path("namespace").asText("") + ":" + name);
                default -> { }
            }
        }
        return List.of(Meta.name(obj), ref.path("kind").asText("") + "/" + ref.path("name").asText(""), Age.of(obj),
                String.join(", ", users), String.join(", ", groups), String.join(", ", sas));
    }
}

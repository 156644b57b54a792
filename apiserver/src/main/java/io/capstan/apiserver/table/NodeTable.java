package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Nodes, as upstream's {@code printNode}: NAME, STATUS, ROLES, AGE, VERSION, and wide addresses and versions. */
public final class NodeTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Status", "string", "The status of the node"),
            Column.of("Roles", "string", "The roles of the node"),
            Column.ageColumn(),
            Column.of("Version", "string", "Kubelet Version reported by the node."),
            Column.wide("Internal-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available."),
            Column.wide("External-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available."),
            Column.wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
            Column.wide("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
            Column.wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode node) {
        List<String> status = new ArrayList<>();
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                status.add("True".equals(c.path("status").asText()) ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            status.add("SchedulingDisabled");
        }
        JsonNode info = node.path("status").path("nodeInfo");
        return List.of(Meta.name(node), String.join(",", status), roles(Meta.labels(node)), Age.of(node),
                info.path("kubeletVersion").asText(""), address(node, "InternalIP"), address(node, "ExternalIP"),
                unknown(info.path("osImage").asText("")), unknown(info.path("kernelVersion").asText("")),
                unknown(info.path("containerRuntimeVersion").asText("")));
    }

    static String roles(Map<String, String> labels) {
        TreeSet<String> roles = new TreeSet<>();
        labels.forEach((k, v) -> {
            if (k.startsWith("node-role.kubernetes.io/")) {
                String role = k.substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (k.equals("kubernetes.io/role") && !v.isEmpty()) {
                roles.add(v);
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(ObjectNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (type.equals(a.path("type").asText())) {
                return a.path("address").asText();
            }
        }
        return "<none>";
    }

    private static String unknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }
}

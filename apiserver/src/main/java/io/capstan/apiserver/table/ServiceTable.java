package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;

/** Services, as upstream's {@code printService}: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE, and wide SELECTOR. */
public final class ServiceTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Type", "string", "type determines how the Service is exposed."),
            Column.of("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
            Column.of("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            Column.of("Port(s)", "string", "The list of ports that are exposed by this service."),
            Column.ageColumn(),
            Column.wide("Selector", "string", "Route service traffic to pods with label keys and values matching this selector."));

    @Override
    public List<Object> cells(ObjectNode svc) {
        JsonNode spec = svc.path("spec");
        String type = Cells.text(spec, "type");
        return List.of(Meta.name(svc), type, Cells.orNone(spec.path("clusterIPs").path(0).asText("")), externalIp(svc, type),
                ports(spec), Age.of(svc), LabelSelectors.formatLabels(spec.path("selector")));
    }

    /** Upstream's {@code getServiceExternalIP}. */
    private static String externalIp(ObjectNode svc, String type) {
        JsonNode spec = svc.path("spec");
        List<String> external = new ArrayList<>();
        spec.path("externalIPs").forEach(ip -> external.add(ip.asText()));
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return external.isEmpty() ? "<none>" : String.join(",", external);
            }
            case "LoadBalancer" -> {
                List<String> lb = new ArrayList<>();
                for (JsonNode ing : svc.path("status").path("loadBalancer").path("ingress")) {
                    lb.add(!Cells.text(ing, "ip").isEmpty() ? Cells.text(ing, "ip") : Cells.text(ing, "hostname"));
                }
                lb.addAll(external);
                return lb.isEmpty() ? "<pending>" : String.join(",", lb);
            }
            case "ExternalName" -> {
                return Cells.text(spec, "externalName");
            }
            default -> {
                return "<unknown>";
            }
        }
    }

    /** Upstream's {@code makePortString}: {@code port[:nodePort]/protocol}, joined by commas. */
    private static String ports(JsonNode spec) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : spec.path("ports")) {
            String protocol = p.path("protocol").asText("TCP");
            long nodePort = p.path("nodePort").asLong(0);
            out.add(nodePort > 0 ? p.path("port").asLong() + ":" + nodePort + "/" + protocol : p.path("port").asLong() + "/" + protocol);
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

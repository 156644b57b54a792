package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.ArrayList;
import java.util.List;

/** Ingresses, as upstream's {@code printIngress}: NAME, CLASS, HOSTS, ADDRESS, PORTS, AGE. */
public final class IngressTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Class", "string", "The name of the IngressClass resource that should be used for additional configuration"),
            Column.of("Hosts", "string", "Hosts that incoming requests are matched against before the ingress rule"),
            Column.of("Address", "string", "Address is a list containing ingress points for the load-balancer"),
            Column.of("Ports", "string", "Ports of TLS configurations that open"),
            Column.ageColumn());
    private static final int MAX_HOSTS = 3;

    @Override
    public List<Object> cells(ObjectNode ing) {
        JsonNode spec = ing.path("spec");
        List<String> addresses = new ArrayList<>();
        for (JsonNode i : ing.path("status").path("loadBalancer").path("ingress")) {
            if (!Cells.text(i, "ip").isEmpty()) {
                addresses.add(Cells.text(i, "ip"));
            } else if (!Cells.text(i, "hostname").isEmpty()) {
                addresses.add(Cells.text(i, "hostname"));
            }
        }
        String ports = spec.path("tls").isEmpty() ? "80" : "80, 443";
        return List.of(Meta.name(ing), Cells.orNone(Cells.text(spec, "ingressClassName")), hosts(spec.path("rules")),
                String.join(",", addresses), ports, Age.of(ing));
    }

    /** Upstream's {@code formatHosts}: up to three hosts, then {@code + N more...} counting rules; {@code *} for none. */
    private static String hosts(JsonNode rules) {
        List<String> list = new ArrayList<>();
        boolean more = false;
        for (JsonNode r : rules) {
            if (list.size() == MAX_HOSTS) {
                more = true;
            }
            String host = Cells.text(r, "host");
            if (!more && !host.isEmpty()) {
                list.add(host);
            }
        }
        if (list.isEmpty()) {
            return "*";
        }
        String out = String.join(",", list);
        return more ? out + " + " + (rules.size() - MAX_HOSTS) + " more..." : out;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }
}

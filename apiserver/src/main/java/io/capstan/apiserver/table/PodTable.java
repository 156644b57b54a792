package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Pods, as upstream's {@code printPod}: NAME, READY, STATUS, RESTARTS, AGE, and wide IP, NODE, NOMINATED NODE, READINESS GATES. */
public final class PodTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(Column.nameColumn(),
            Column.of("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            Column.of("Status", "string", "The aggregate status of the containers in this pod."),
            Column.of("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            Column.ageColumn(),
            Column.wide("IP", "string", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
            Column.wide("Node", "string", "NodeName is a request to schedule this pod onto a specific node."),
            Column.wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods."),
            Column.wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness."));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode pod) {
        JsonNode status = pod.path("status");
        String phase = status.path("phase").asText("");
        String reason = status.path("reason").asText("").isEmpty() ? phase : status.path("reason").asText();
        for (JsonNode c : status.path("conditions")) {
            if ("PodScheduled".equals(c.path("type").asText()) && "SchedulingGated".equals(c.path("reason").asText())) {
                reason = "SchedulingGated";
            }
        }
        int restarts = 0;
        int ready = 0;
        boolean hasRunning = false;
        JsonNode statuses = status.path("containerStatuses");
        for (int i = statuses.size() - 1; i >= 0; i--) {
            JsonNode cs = statuses.get(i);
            restarts += cs.path("restartCount").asInt(0);
            JsonNode state = cs.path("state");
            if (!state.path("waiting").path("reason").asText("").isEmpty()) {
                reason = state.path("waiting").path("reason").asText();
            } else if (!state.path("terminated").path("reason").asText("").isEmpty()) {
                reason = state.path("terminated").path("reason").asText();
            } else if (state.has("terminated")) {
                int signal = state.path("terminated").path("signal").asInt(0);
                reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + state.path("terminated").path("exitCode").asInt(0);
            } else if (cs.path("ready").asBoolean(false) && state.has("running")) {
                hasRunning = true;
                ready++;
            }
        }
        if (reason.equals("Completed") && hasRunning) {
            reason = hasCondition(status, "Ready") ? "Running" : "NotReady";
        }
        if (Meta.deleting(pod) && "NodeLost".equals(status.path("reason").asText())) {
            reason = "Unknown";
        } else if (Meta.deleting(pod) && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }
        JsonNode spec = pod.path("spec");
        String ip = status.path("podIPs").path(0).path("ip").asText("");
        String gates = "<none>";
        if (spec.path("readinessGates").size() > 0) {
            int trueConditions = 0;
            for (JsonNode gate : spec.path("readinessGates")) {
                for (JsonNode c : status.path("conditions")) {
                    if (c.path("type").asText().equals(gate.path("conditionType").asText())) {
                        if ("True".equals(c.path("status").asText())) {
                            trueConditions++;
                        }
                        break;
                    }
                }
            }
            gates = trueConditions + "/" + spec.path("readinessGates").size();
        }
        return List.of(Meta.name(pod), ready + "/" + spec.path("containers").size(), reason, Integer.toString(restarts),
                Age.of(pod), orNone(ip), orNone(spec.path("nodeName").asText("")),
                orNone(status.path("nominatedNodeName").asText("")), gates);
    }

    private static boolean hasCondition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }
}

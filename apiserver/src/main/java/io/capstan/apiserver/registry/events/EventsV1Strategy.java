package io.capstan.apiserver.registry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.apiserver.registry.core.EventStrategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * events.k8s.io/v1 Events: upstream's strict validation of events created through this API
 * ({@code ValidateEventCreate} for v1: eventTime, reportingController, reportingInstance, action and
 * reason required, type Normal or Warning, the {@code deprecated*} fields unset), and the field
 * selectors of core Events under this API's names ({@code regarding.name}, ...).
 */
public final class EventsV1Strategy implements Strategy {
    private static final int REPORTING_INSTANCE_LIMIT = 128;
    private static final int ACTION_LIMIT = 128;
    private static final int REASON_LIMIT = 128;
    private static final int NOTE_LIMIT = 1024;

    private final EventStrategy core = new EventStrategy();
    private final EventsV1Conversion conversion = new EventsV1Conversion();

    @Override
    public List<StatusCause> validate(ObjectNode e) {
        List<StatusCause> causes = new ArrayList<>();
        if (e.path("eventTime").asText("").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "eventTime", "Required value"));
        }
        String type = e.path("type").asText("");
        if (!type.equals("Normal") && !type.equals("Warning")) {
            causes.add(invalid("type", "has invalid value: " + type));
        }
        required(e, "reportingController", Integer.MAX_VALUE, causes);
        required(e, "reportingInstance", REPORTING_INSTANCE_LIMIT, causes);
        required(e, "action", ACTION_LIMIT, causes);
        required(e, "reason", REASON_LIMIT, causes);
        if (e.path("note").asText("").length() > NOTE_LIMIT) {
            causes.add(invalid("note", "can have at most " + NOTE_LIMIT + " characters"));
        }
        for (String f : List.of("deprecatedFirstTimestamp", "deprecatedLastTimestamp")) {
            if (!e.path(f).asText("").isEmpty()) {
                causes.add(invalid(f, "needs to be unset"));
            }
        }
        if (e.path("deprecatedCount").asLong(0) != 0) {
            causes.add(invalid("deprecatedCount", "needs to be unset"));
        }
        JsonNode source = e.path("deprecatedSource");
        if (!source.path("component").asText("").isEmpty() || !source.path("host").asText("").isEmpty()) {
            causes.add(invalid("deprecatedSource", "needs to be unset"));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode e, ObjectNode old) {
        return List.of();
    }

    private static void required(ObjectNode e, String field, int limit, List<StatusCause> causes) {
        String v = e.path(field).asText("");
        if (v.isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", field, "Required value"));
        } else if (v.length() > limit) {
            causes.add(invalid(field, "can have at most " + limit + " characters"));
        }
    }

    private static StatusCause invalid(String field, String why) {
        return Statuses.cause("FieldValueInvalid", field, "Invalid value: \"\": " + why);
    }

    /**
     * Upstream's {@code AddFieldLabelConversionsForEvent} for events.k8s.io/v1: its own names
     * ({@code regarding.*}, {@code reportingController}) for the core Event's selectable fields.
     */
    @Override
    public Map<String, String> selectableFields(ObjectNode event) {
        Map<String, String> coreFields = core.selectableFields(conversion.toStorage(event.deepCopy()));
        Map<String, String> out = new java.util.HashMap<>();
        for (String field : FIELDS) {
            out.put(field, coreFields.getOrDefault(coreName(field), ""));
        }
        return out;
    }

    private static final Set<String> FIELDS = Set.of("reason", "regarding.kind", "regarding.namespace", "regarding.name",
            "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath",
            "reportingController", "source", "type");

    private static String coreName(String field) {
        if (field.startsWith("regarding.")) {
            return "involvedObject." + field.substring("regarding.".length());
        }
        return field.equals("reportingController") ? "reportingComponent" : field;
    }

    @Override
    public Set<String> selectableFieldNames() {
        return FIELDS;
    }
}

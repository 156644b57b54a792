package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;

import java.util.List;

/** Core Events, as upstream's {@code printEvent}: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (+ wide columns). */
public final class EventTable implements TableConvertor {
    private static final List<Column> COLUMNS = List.of(
            Column.of("Last Seen", "string", "The last time the event was seen"),
            Column.of("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future."),
            Column.of("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            Column.of("Object", "string", "The object that this event is about. Mapped from event.involvedObject"),
            Column.wide("Subobject", "string", "The subobject that this event is about. Mapped from event.involvedObject.fieldPath"),
            Column.wide("Source", "string", "The component reporting this event. Should be a short machine understandable string."),
            Column.of("Message", "string", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "string", "The first time the event was seen"),
            Column.wide("Count", "string", "The number of times this event has occurred."),
            new Column("Name", "string", "name", "Name must be unique within a namespace.", 1));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode ev) {
        JsonNode io = ev.path("involvedObject");
        String first = ev.path("firstTimestamp").asText("");
        String last = ev.path("lastTimestamp").asText("");
        String eventTime = ev.path("eventTime").asText("");
        if (last.isEmpty()) {
            last = !eventTime.isEmpty() ? eventTime : Meta.text(ev, "creationTimestamp");
        }
        if (first.isEmpty()) {
            first = !eventTime.isEmpty() ? eventTime : Meta.text(ev, "creationTimestamp");
        }
        String source = ev.path("source").path("component").asText(ev.path("reportingComponent").asText(""));
        String host = ev.path("source").path("host").asText("");
        if (!host.isEmpty()) {
            source = source + ", " + host;
        }
        return List.of(Age.since(last), ev.path("type").asText(""), ev.path("reason").asText(""),
                io.path("kind").asText("").toLowerCase() + "/" + io.path("name").asText(""),
                io.path("fieldPath").asText(""), source, ev.path("message").asText(""), Age.since(first),
                ev.path("count").asInt(1), Meta.name(ev));
    }
}

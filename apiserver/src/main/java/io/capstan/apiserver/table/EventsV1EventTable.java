package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code events.k8s.io/v1} Events. Upstream converts them to the internal (core) Event and prints them with
 * {@code printEvent}, so this maps the renamed fields back and reuses {@link EventTable}.
 */
public final class EventsV1EventTable implements TableConvertor {
    private final EventTable core = new EventTable();

    @Override
    public List<Column> columns() {
        return core.columns();
    }

    @Override
    public List<Object> cells(ObjectNode ev) {
        ObjectNode c = ev.deepCopy();
        rename(c, "regarding", "involvedObject");
        rename(c, "note", "message");
        rename(c, "deprecatedSource", "source");
        rename(c, "deprecatedFirstTimestamp", "firstTimestamp");
        rename(c, "deprecatedLastTimestamp", "lastTimestamp");
        rename(c, "deprecatedCount", "count");
        rename(c, "reportingController", "reportingComponent");
        return core.cells(c);
    }

    private static void rename(ObjectNode o, String from, String to) {
        JsonNode v = o.remove(from);
        if (v != null) {
            o.set(to, v);
        }
    }
}

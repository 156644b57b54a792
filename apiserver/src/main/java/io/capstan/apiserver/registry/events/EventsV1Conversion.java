package io.capstan.apiserver.registry.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.StorageConversion;

import java.util.List;

/**
 * events.k8s.io/v1 Events are stored as core/v1 Events, in {@code /registry/events}, as upstream
 * stores them; this renames the fields that differ, as upstream's {@code pkg/apis/events/v1}
 * conversion does ({@code note} is {@code message}, {@code regarding} is {@code involvedObject},
 * {@code reportingController} is {@code reportingComponent}, {@code deprecatedSource} is
 * {@code source}, and the other {@code deprecated*} fields drop their prefix).
 */
public final class EventsV1Conversion implements StorageConversion {
    /** Field name in events.k8s.io/v1, then in core/v1. */
    private static final List<String[]> RENAMES = List.of(
            new String[] {"note", "message"},
            new String[] {"regarding", "involvedObject"},
            new String[] {"reportingController", "reportingComponent"},
            new String[] {"deprecatedSource", "source"},
            new String[] {"deprecatedFirstTimestamp", "firstTimestamp"},
            new String[] {"deprecatedLastTimestamp", "lastTimestamp"},
            new String[] {"deprecatedCount", "count"});

    @Override
    public ObjectNode toStorage(ObjectNode served) {
        for (String[] r : RENAMES) {
            move(served, r[0], r[1]);
        }
        served.put("apiVersion", "v1");
        return served;
    }

    @Override
    public ObjectNode fromStorage(ObjectNode stored) {
        for (String[] r : RENAMES) {
            move(stored, r[1], r[0]);
        }
        stored.put("apiVersion", "events.k8s.io/v1");
        return stored;
    }

    private static void move(ObjectNode o, String from, String to) {
        JsonNode v = o.remove(from);
        if (v != null && !v.isNull()) {
            o.set(to, v);
        }
    }
}

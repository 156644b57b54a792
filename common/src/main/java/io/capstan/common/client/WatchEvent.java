package io.capstan.common.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.Status;

import java.util.Objects;

/**
 * One event of a watch stream, as metav1.WatchEvent.
 *
 * @param type   what happened
 * @param object the object after the change; for {@link Type#ERROR} a {@code Status}; for
 *               {@link Type#BOOKMARK} only kind, apiVersion and {@code metadata.resourceVersion}
 */
public record WatchEvent(Type type, ObjectNode object) {

    /** The event types. */
    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    public WatchEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(object, "object");
    }

    /** The object's {@code metadata.resourceVersion}, or an empty string. */
    public String resourceVersion() {
        return object.path("metadata").path("resourceVersion").asText("");
    }

    /** For an ERROR event, the Status it carries as an exception (410 Gone when the version is too old). */
    public StatusException error() {
        if (type != Type.ERROR) {
            throw new IllegalStateException("not an ERROR event: " + type);
        }
        return new StatusException(Json.convert(object, Status.class));
    }
}

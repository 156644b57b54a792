package io.capstan.apiserver.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

/**
 * The object an audited request addresses, as upstream's {@code audit.k8s.io/v1} {@code ObjectReference}. Empty
 * strings are left out of the JSON, as upstream's {@code omitempty}.
 */
public record ObjectReference(String resource, String namespace, String name, String uid, String apiGroup,
                              String apiVersion, String resourceVersion, String subresource) {

    /** This reference with its empty namespace, name, uid and resourceVersion taken from an object's metadata. */
    public ObjectReference withDefaultsFrom(ObjectNode metadata) {
        return new ObjectReference(resource, or(namespace, metadata, "namespace"), or(name, metadata, "name"),
                or(uid, metadata, "uid"), apiGroup, apiVersion, or(resourceVersion, metadata, "resourceVersion"), subresource);
    }

    private static String or(String value, ObjectNode metadata, String field) {
        return value.isEmpty() ? metadata.path(field).asText("") : value;
    }

    /** The JSON form, in upstream's field order. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        put(o, "resource", resource);
        put(o, "namespace", namespace);
        put(o, "name", name);
        put(o, "uid", uid);
        put(o, "apiGroup", apiGroup);
        put(o, "apiVersion", apiVersion);
        put(o, "resourceVersion", resourceVersion);
        put(o, "subresource", subresource);
        return o;
    }

    private static void put(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }
}

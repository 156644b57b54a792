package io.capstan.controllermanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.Statuses;
import io.capstan.common.client.ListOptions;
import io.capstan.common.client.PatchOptions;
import io.capstan.common.client.PatchType;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.Watch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A resource kept in a map for controller tests: create, get, update (with resourceVersion checks) and delete
 * (with a uid precondition); every write is recorded as {@code verb ns/name}.
 */
public final class InMemoryResource implements ResourceInterface {
    public final Map<String, ObjectNode> objects;
    public final List<String> writes;
    private final String resource;
    private final String ns;

    public InMemoryResource(String resource) {
        this(resource, "", new TreeMap<>(), new ArrayList<>());
    }

    private InMemoryResource(String resource, String ns, Map<String, ObjectNode> objects, List<String> writes) {
        this.resource = resource;
        this.ns = ns;
        this.objects = objects;
        this.writes = writes;
    }

    /** Stores an object as the server would (uid and resourceVersion set). */
    public ObjectNode put(ObjectNode obj) {
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        if (!meta.hasNonNull("uid")) {
            meta.put("uid", UUID.randomUUID().toString());
        }
        meta.put("resourceVersion", String.valueOf(writes.size() + objects.size() + 1));
        objects.put(meta.path("namespace").asText("") + "/" + meta.path("name").asText(), obj);
        return obj.deepCopy();
    }

    @Override
    public ResourceInterface namespace(String namespace) {
        return new InMemoryResource(resource, namespace, objects, writes);
    }

    @Override
    public ObjectNode get(String name) {
        ObjectNode o = objects.get(ns + "/" + name);
        if (o == null) {
            throw Statuses.notFound("", resource, name);
        }
        return o.deepCopy();
    }

    @Override
    public ObjectNode create(ObjectNode object) {
        String name = object.path("metadata").path("name").asText();
        if (objects.containsKey(ns + "/" + name)) {
            throw Statuses.alreadyExists("", resource, name);
        }
        writes.add("create " + ns + "/" + name);
        return put(object.deepCopy());
    }

    @Override
    public ObjectNode update(ObjectNode object) {
        String name = object.path("metadata").path("name").asText();
        ObjectNode current = objects.get(ns + "/" + name);
        if (current == null) {
            throw Statuses.notFound("", resource, name);
        }
        if (!current.path("metadata").path("resourceVersion").equals(object.path("metadata").path("resourceVersion"))) {
            throw Statuses.conflict("", resource, name, Statuses.OPTIMISTIC_LOCK_MESSAGE);
        }
        writes.add("update " + ns + "/" + name);
        return put(object.deepCopy());
    }

    @Override
    public ObjectNode delete(String name, ObjectNode deleteOptions) {
        ObjectNode current = objects.get(ns + "/" + name);
        if (current == null) {
            throw Statuses.notFound("", resource, name);
        }
        String uid = deleteOptions == null ? "" : deleteOptions.path("preconditions").path("uid").asText("");
        if (!uid.isEmpty() && !uid.equals(current.path("metadata").path("uid").asText())) {
            throw Statuses.conflict("", resource, name, "Precondition failed: UID in precondition: " + uid);
        }
        writes.add("delete " + ns + "/" + name);
        return objects.remove(ns + "/" + name);
    }

    @Override
    public ObjectNode delete(String name) {
        return delete(name, null);
    }

    @Override
    public ObjectNode list(ListOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode updateSubresource(ObjectNode object, String subresource) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource, PatchOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode deleteCollection(ListOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode deleteCollection(ListOptions options, ObjectNode deleteOptions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode getSubresource(String name, String subresource) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ObjectNode createSubresource(String name, String subresource, ObjectNode body) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Watch watch(ListOptions options) {
        throw new UnsupportedOperationException();
    }
}

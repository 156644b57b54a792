package io.capstan.common.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.json.Json;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@link ResourceInterface} over a {@link RestClient}: builds upstream REST paths and picks the verb. With
 * {@code metadataOnly}, get, list and watch ask for partial object metadata as client-go's metadata client.
 */
final class RestResource implements ResourceInterface {
    /** client-go's metadata client's Accept for get and watch, without protobuf, which this client does not read. */
    static final String PARTIAL_OBJECT_METADATA = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";
    /** The same for list. */
    static final String PARTIAL_OBJECT_METADATA_LIST = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private static final String JSON = "application/json";

    private final RestClient client;
    private final GroupVersionResource gvr;
    private final String namespace;
    private final boolean metadataOnly;

    RestResource(RestClient client, GroupVersionResource gvr, String namespace) {
        this(client, gvr, namespace, false);
    }

    RestResource(RestClient client, GroupVersionResource gvr, String namespace, boolean metadataOnly) {
        this.client = client;
        this.gvr = gvr;
        this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        this.metadataOnly = metadataOnly;
    }

    @Override
    public ResourceInterface namespace(String ns) {
        return new RestResource(client, gvr, ns, metadataOnly);
    }

    @Override
    public ObjectNode get(String name) {
        return client.send("GET", path(name, null), Map.of(), null, null, metadataOnly ? PARTIAL_OBJECT_METADATA : JSON);
    }

    @Override
    public ObjectNode list(ListOptions options) {
        return client.send("GET", path(null, null), options.query(false), null, null,
                metadataOnly ? PARTIAL_OBJECT_METADATA_LIST : JSON);
    }

    @Override
    public ObjectNode create(ObjectNode object) {
        String ns = namespace != null ? namespace : text(object, "namespace");
        return client.send("POST", new RestResource(client, gvr, ns).path(null, null), Map.of(), Json.bytes(object), "application/json");
    }

    @Override
    public ObjectNode update(ObjectNode object) {
        return put(object, null);
    }

    @Override
    public ObjectNode updateSubresource(ObjectNode object, String subresource) {
        return put(object, subresource);
    }

    @Override
    public ObjectNode deleteCollection(ListOptions options) {
        return client.send("DELETE", path(null, null), options.query(false), null, null);
    }

    @Override
    public ObjectNode deleteCollection(ListOptions options, ObjectNode deleteOptions) {
        return client.send("DELETE", path(null, null), options.query(false), Json.bytes(deleteOptions), "application/json");
    }

    @Override
    public ObjectNode getSubresource(String name, String subresource) {
        return client.send("GET", path(name, subresource), Map.of(), null, null);
    }

    private ObjectNode put(ObjectNode object, String subresource) {
        String name = text(object, "name");
        if (name == null) {
            throw new IllegalArgumentException("object to update has no metadata.name");
        }
        String ns = namespace != null ? namespace : text(object, "namespace");
        return client.send("PUT", new RestResource(client, gvr, ns).path(name, subresource), Map.of(), Json.bytes(object), "application/json");
    }

    @Override
    public ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource) {
        return patch(name, type, patch, subresource, PatchOptions.NONE);
    }

    @Override
    public ObjectNode patch(String name, PatchType type, JsonNode patch, String subresource, PatchOptions options) {
        if (type == PatchType.APPLY && options.fieldManager().isEmpty()) {
            throw new IllegalArgumentException("server-side apply needs a fieldManager");
        }
        return client.send("PATCH", path(name, subresource), options.query(), Json.bytes(patch), type.contentType());
    }

    @Override
    public ObjectNode delete(String name) {
        return client.send("DELETE", path(name, null), Map.of(), null, null);
    }

    @Override
    public ObjectNode delete(String name, ObjectNode deleteOptions) {
        return client.send("DELETE", path(name, null), Map.of(), Json.bytes(deleteOptions), "application/json");
    }

    @Override
    public ObjectNode createSubresource(String name, String subresource, ObjectNode body) {
        return client.send("POST", path(name, subresource), Map.of(), Json.bytes(body), "application/json");
    }

    @Override
    public Watch watch(ListOptions options) {
        return client.watch(path(null, null), options.query(true), metadataOnly ? PARTIAL_OBJECT_METADATA : JSON);
    }

    /** {@code /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}}, parts left out when null. */
    String path(String name, String subresource) {
        StringBuilder sb = new StringBuilder(gvr.pathPrefix());
        if (namespace != null) {
            sb.append("/namespaces/").append(encode(namespace));
        }
        sb.append('/').append(gvr.resource());
        if (name != null) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("resource name may not be empty");
            }
            sb.append('/').append(encode(name));
            if (subresource != null) {
                sb.append('/').append(subresource);
            }
        }
        return sb.toString();
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(ObjectNode object, String metadataField) {
        JsonNode v = object.path("metadata").get(metadataField);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.table.Column;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * The response format chosen from the {@code Accept} header, as upstream negotiates it: JSON, YAML,
 * and for reads a {@code meta.k8s.io/v1} Table or {@code PartialObjectMetadata(List)} in
 * {@code meta.k8s.io/v1} or {@code v1beta1}. Media types the server does not offer are skipped;
 * when nothing acceptable remains the answer is 406.
 */
public enum Representation {
    JSON, YAML, TABLE,
    /** {@code PartialObjectMetadata} (get, watch) or {@code PartialObjectMetadataList} (list) in meta.k8s.io/v1. */
    METADATA,
    /** The same in meta.k8s.io/v1beta1. */
    METADATA_V1BETA1;

    private static final java.util.Set<String> META_VERSIONS = java.util.Set.of("v1", "v1beta1");

    /** Picks the representation of a single object or stream for {@code accept}; see {@link #negotiate(String, boolean, boolean, boolean)}. */
    public static Representation negotiate(String accept, boolean allowTable, boolean streaming) {
        return negotiate(accept, allowTable, streaming, false);
    }

    /**
     * Picks the representation for {@code accept}.
     *
     * @param allowTable whether a Table or partial object metadata may be returned (get, list and watch only)
     * @param streaming  whether the response is a watch stream (no YAML there)
     * @param list       whether the response is a list (then only {@code PartialObjectMetadataList} fits, else
     *                   only {@code PartialObjectMetadata}; the other is 406, as upstream's transform answers)
     */
    public static Representation negotiate(String accept, boolean allowTable, boolean streaming, boolean list) {
        List<MediaTypes.MediaRange> ranges = MediaTypes.parse(accept);
        if (ranges.isEmpty()) {
            return JSON;
        }
        for (MediaTypes.MediaRange r : ranges) {
            String as = r.param("as");
            switch (r.type()) {
                case "application/json" -> {
                    if (as == null) {
                        return JSON;
                    }
                    if (as.equals("Table") && allowTable && "meta.k8s.io".equals(r.param("g"))
                            && ("v1".equals(r.param("v")) || "v1beta1".equals(r.param("v")))) {
                        return TABLE;
                    }
                    boolean partial = as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList");
                    if (partial && allowTable && "meta.k8s.io".equals(r.param("g")) && META_VERSIONS.contains(r.param("v"))) {
                        boolean wantsList = as.endsWith("List");
                        if (wantsList && (!list || streaming)) {
                            throw Statuses.notAcceptable("you requested PartialObjectMetadataList, but the requested object is not a list");
                        }
                        if (!wantsList && list && !streaming) {
                            throw Statuses.notAcceptable("you requested PartialObjectMetadata, but the requested object is a list");
                        }
                        return "v1".equals(r.param("v")) ? METADATA : METADATA_V1BETA1;
                    }
                }
                case "application/yaml" -> {
                    if (as == null && !streaming) {
                        return YAML;
                    }
                }
                case "*/*", "application/*" -> {
                    return JSON;
                }
                default -> {
                    // protobuf, CBOR and other offers this server does not make are skipped
                }
            }
        }
        throw Statuses.notAcceptable("only the following media types are accepted: application/json, application/yaml"
                + (allowTable ? ", application/json;as=Table;v=v1;g=meta.k8s.io, application/json;as=Table;v=v1beta1;g=meta.k8s.io"
                + ", application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io, application/json;as=PartialObjectMetadata;v=v1beta1;g=meta.k8s.io"
                + ", application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io, application/json;as=PartialObjectMetadataList;v=v1beta1;g=meta.k8s.io" : ""));
    }

    /** The Content-Type of this representation. */
    public String contentType() {
        return this == YAML ? MediaTypes.YAML : MediaTypes.JSON;
    }

    /** Serializes {@code node} in this representation (TABLE bodies are already tables: JSON). */
    public byte[] encode(JsonNode node) {
        try {
            return this == YAML ? Json.YAML.writeValueAsBytes(node) : Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code apiVersion} of partial object metadata in this representation (METADATA ones only). */
    private String metaApiVersion() {
        return this == METADATA_V1BETA1 ? "meta.k8s.io/v1beta1" : "meta.k8s.io/v1";
    }

    /** True for the partial object metadata representations. */
    public boolean partialMetadata() {
        return this == METADATA || this == METADATA_V1BETA1;
    }

    /** {@code obj} as a {@code PartialObjectMetadata}: only its metadata, as upstream's {@code asPartialObjectMetadata}. */
    public ObjectNode partialObjectMetadata(JsonNode obj) {
        ObjectNode pom = Json.MAPPER.createObjectNode();
        pom.put("kind", "PartialObjectMetadata");
        pom.put("apiVersion", metaApiVersion());
        pom.set("metadata", obj.path("metadata").deepCopy());
        return pom;
    }

    /**
     * A {@code <Kind>List} as a {@code PartialObjectMetadataList}: the list's metadata and each item's;
     * items are {@code meta.k8s.io/v1} PartialObjectMetadata in either version, as upstream writes them.
     */
    public ObjectNode partialObjectMetadataList(JsonNode list) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("kind", "PartialObjectMetadataList");
        out.put("apiVersion", metaApiVersion());
        out.set("metadata", list.path("metadata").deepCopy());
        ArrayNode items = out.putArray("items");
        for (JsonNode item : list.path("items")) {
            ObjectNode pom = METADATA.partialObjectMetadata(item);
            items.add(pom);
        }
        return out;
    }

    /**
     * Builds a Table of {@code objects}.
     *
     * @param includeObject {@code None}, {@code Metadata} (the default) or {@code Object}
     * @param listMeta      the list's metadata (resourceVersion, continue), or null
     */
    public static ObjectNode table(ResourceDefinition def, List<ObjectNode> objects, String includeObject, JsonNode listMeta) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("kind", "Table");
        t.put("apiVersion", "meta.k8s.io/v1");
        t.set("metadata", listMeta == null ? Json.MAPPER.createObjectNode() : listMeta.deepCopy());
        ArrayNode cols = t.putArray("columnDefinitions");
        for (Column c : def.table().columns()) {
            ObjectNode col = cols.addObject();
            col.put("name", c.name());
            col.put("type", c.type());
            col.put("format", c.format());
            col.put("description", c.description());
            col.put("priority", c.priority());
        }
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode obj : objects) {
            ObjectNode row = rows.addObject();
            row.set("cells", Json.MAPPER.valueToTree(def.table().cells(obj)));
            switch (includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject) {
                case "None" -> {
                }
                case "Object" -> {
                    ObjectNode full = obj.deepCopy();
                    full.put("kind", def.kind());
                    full.put("apiVersion", def.gvr().groupVersion());
                    row.set("object", full);
                }
                case "Metadata" -> {
                    ObjectNode pom = Json.MAPPER.createObjectNode();
                    pom.put("kind", "PartialObjectMetadata");
                    pom.put("apiVersion", "meta.k8s.io/v1");
                    pom.set("metadata", obj.path("metadata").deepCopy());
                    row.set("object", pom);
                }
                default -> throw Statuses.badRequest("includeObject: Unsupported value: \"" + includeObject
                        + "\": supported values: \"Metadata\", \"None\", \"Object\"");
            }
        }
        return t;
    }
}

package io.capstan.apiserver.registry;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.storage.KeyValue;
import io.capstan.common.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@code <Kind>List} as JSON straight from the stored values, token by token, without
 * building a tree per item: what a LIST of thousands of objects from the watch cache spends its time
 * on otherwise (decode every value, then encode the whole tree again). The output is the same JSON
 * {@link GenericStore#list} builds: each item without {@code kind} and {@code apiVersion}, with
 * {@code metadata.resourceVersion} set to the item's mod revision (last in {@code metadata}).
 */
final class ListWriter {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private ListWriter() {
    }

    /**
     * @param items stored {@link KeyValue}s (written from their bytes) or decoded {@link ObjectNode}s
     *              (already carrying their resourceVersion)
     */
    static byte[] write(String listKind, String apiVersion, long readAt, String next, List<?> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, items.size() * 512));
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("kind", listKind);
            g.writeStringField("apiVersion", apiVersion);
            g.writeObjectFieldStart("metadata");
            g.writeStringField("resourceVersion", Long.toString(readAt));
            if (next != null) {
                g.writeStringField("continue", next);
            }
            g.writeEndObject();
            g.writeArrayFieldStart("items");
            for (Object item : items) {
                if (item instanceof KeyValue kv) {
                    writeItem(g, kv.value(), kv.modRevision());
                } else {
                    ObjectNode o = (ObjectNode) item;
                    o.remove("kind");
                    o.remove("apiVersion");
                    Json.MAPPER.writeTree(g, o);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** One stored object as a list item: top-level kind/apiVersion dropped, metadata.resourceVersion added. */
    static void writeItem(JsonGenerator g, byte[] value, long modRevision) throws IOException {
        try (JsonParser p = FACTORY.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a stored value is not a JSON object");
            }
            g.writeStartObject();
            boolean sawMetadata = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("kind") || field.equals("apiVersion")) {
                    p.skipChildren();
                } else if (field.equals("metadata") && t == JsonToken.START_OBJECT) {
                    sawMetadata = true;
                    g.writeFieldName("metadata");
                    g.writeStartObject();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        if (name.equals("resourceVersion")) {
                            p.skipChildren();
                        } else {
                            g.writeFieldName(name);
                            g.copyCurrentStructure(p);
                        }
                    }
                    g.writeStringField("resourceVersion", Long.toString(modRevision));
                    g.writeEndObject();
                } else {
                    g.writeFieldName(field);
                    g.copyCurrentStructure(p);
                }
            }
            if (!sawMetadata) {
                g.writeObjectFieldStart("metadata");
                g.writeStringField("resourceVersion", Long.toString(modRevision));
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }
}

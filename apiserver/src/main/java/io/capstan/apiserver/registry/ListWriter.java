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
import java.nio.charset.StandardCharsets;
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
     * @param meta  the list's {@code metadata}
     */
    static byte[] write(String listKind, String apiVersion, ObjectNode meta, List<?> items) {
        ObjectNode wrapper = Json.MAPPER.createObjectNode();
        wrapper.put("kind", listKind);
        wrapper.put("apiVersion", apiVersion);
        wrapper.set("metadata", meta);
        wrapper.putArray("items");
        byte[] empty = Json.bytes(wrapper); // ...,"items":[]}
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, items.size() * 800));
        out.write(empty, 0, empty.length - 2); // up to and including '['
        try {
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                Object item = items.get(i);
                if (item instanceof KeyValue kv) {
                    if (!splice(out, kv.value(), kv.modRevision())) {
                        try (JsonGenerator g = generator(out)) {
                            writeItem(g, kv.value(), kv.modRevision());
                        }
                    }
                } else {
                    ObjectNode o = (ObjectNode) item;
                    o.remove("kind");
                    o.remove("apiVersion");
                    try (JsonGenerator g = generator(out)) {
                        Json.MAPPER.writeTree(g, o);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write(']');
        out.write('}');
        return out.toByteArray();
    }

    private static JsonGenerator generator(ByteArrayOutputStream out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return g;
    }

    private static final byte[] KIND = "\"kind\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] API_VERSION = "\"apiVersion\"".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESOURCE_VERSION = "\"resourceVersion\"".getBytes(StandardCharsets.UTF_8);

    /**
     * The fast path, for the layout the API server stores ({@code kind}, {@code apiVersion}, then
     * {@code metadata}, then the rest): only the head up to the end of {@code metadata} is tokenized,
     * the rest is copied as it is. False (nothing written) for any other layout, or when the bytes
     * after metadata mention "kind" or "apiVersion" at all (a top-level one would have to be dropped),
     * or metadata already has a resourceVersion: the caller then copies token by token.
     */
    static boolean splice(ByteArrayOutputStream out, byte[] value, long modRevision) throws IOException {
        int metaField = -1;
        int metaClose = -1;
        boolean metaEmpty = true;
        try (JsonParser p = FACTORY.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                long at = p.currentTokenLocation().getByteOffset();
                JsonToken t = p.nextToken();
                if (field.equals("kind") || field.equals("apiVersion")) {
                    if (t.isStructStart()) {
                        return false;
                    }
                } else if (field.equals("metadata") && t == JsonToken.START_OBJECT) {
                    metaField = (int) at;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        metaEmpty = false;
                        if (p.currentName().equals("resourceVersion")) {
                            return false;
                        }
                        p.nextToken();
                        p.skipChildren();
                    }
                    metaClose = (int) p.currentTokenLocation().getByteOffset();
                    break;
                } else {
                    return false;
                }
            }
        }
        if (metaField < 0 || metaClose < 0 || value[metaClose] != '}'
                || indexOf(value, KIND, metaClose) >= 0 || indexOf(value, API_VERSION, metaClose) >= 0) {
            return false;
        }
        out.write('{');
        out.write(value, metaField, metaClose - metaField);
        if (!metaEmpty) {
            out.write(',');
        }
        out.write(RESOURCE_VERSION);
        out.write(':');
        out.write('"');
        out.write(Long.toString(modRevision).getBytes(StandardCharsets.US_ASCII));
        out.write('"');
        out.write(value, metaClose, value.length - metaClose);
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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

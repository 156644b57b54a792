package io.capstan.common.informer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes an informer's objects so that the cache shares equal strings: the namespace, label values,
 * images, policies, phases and the like repeat in every object, and one copy of each instead of one
 * per object saves about a fifth of a pod cache. Values that are unique per object ({@code metadata.name},
 * {@code uid}, {@code resourceVersion}) are left alone; long strings too. The table of shared strings is
 * bounded, so unique values that slip in (a label holding the pod's name) cannot grow it without limit.
 *
 * @param <T> the object type
 */
final class CompactDecoder<T> {
    /** Longer strings are rarely shared and would make lookups cost more than they save. */
    private static final int MAX_LENGTH = 64;
    private static final int MAX_ENTRIES = 10_000;
    private static final Set<String> UNIQUE_FIELDS = Set.of("uid", "resourceVersion", "generateName");

    private final Class<T> type;
    private final ObjectMapper mapper;
    private final ConcurrentHashMap<String, String> strings = new ConcurrentHashMap<>();

    CompactDecoder(Class<T> type) {
        this.type = type;
        this.mapper = Json.MAPPER.copy().registerModule(new SimpleModule("capstan-compact-strings")
                .addDeserializer(String.class, new SharingStringDeserializer()));
    }

    /** The object a JSON tree holds. */
    T decode(JsonNode node) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot decode " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }

    /** How many distinct strings are shared now (for tests). */
    int sharedStrings() {
        return strings.size();
    }

    private String share(String s) {
        if (s.length() > MAX_LENGTH) {
            return s;
        }
        String shared = strings.get(s);
        if (shared != null) {
            return shared;
        }
        if (strings.size() >= MAX_ENTRIES) {
            return s;
        }
        shared = strings.putIfAbsent(s, s);
        return shared == null ? s : shared;
    }

    private static boolean unique(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        String field = context.getCurrentName();
        if (field == null) {
            return false;
        }
        if (UNIQUE_FIELDS.contains(field)) {
            return true;
        }
        JsonStreamContext parent = context.getParent();
        return field.equals("name") && parent != null && "metadata".equals(parent.getCurrentName());
    }

    /** Jackson's string deserializer, returning the shared copy of short repeated values. */
    private final class SharingStringDeserializer extends StdScalarDeserializer<String> {
        SharingStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                String s = p.getText();
                return unique(p) ? s : share(s);
            }
            return StringDeserializer.instance.deserialize(p, ctxt);
        }
    }
}

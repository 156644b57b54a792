package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/**
 * Upstream's API documentation of the fabric8 model classes, extracted at build time from their
 * {@code -sources} jars' Javadoc ({@code src/build/ExtractModelDescriptions.java}) into
 * {@code model-descriptions.json} beside this class. Without that file (a build that skipped the
 * step) every description is absent. Fields fabric8 documents wrongly (struct-typed fields) have none.
 */
final class ModelDescriptions {
    private static final Logger LOG = Logger.getLogger(ModelDescriptions.class.getName());
    private static final JsonNode DESCRIPTIONS = load();

    private ModelDescriptions() {
    }

    /** The description of {@code modelClass}, or null. */
    static String ofType(Class<?> modelClass) {
        return text(DESCRIPTIONS.path(modelClass.getName()).get(""));
    }

    /** The description of JSON field {@code field} of {@code modelClass}, or null. */
    static String ofField(Class<?> modelClass, String field) {
        return text(DESCRIPTIONS.path(modelClass.getName()).get(field));
    }

    private static String text(JsonNode node) {
        return node == null || !node.isTextual() || node.asText().isEmpty() ? null : node.asText();
    }

    private static JsonNode load() {
        try (InputStream in = ModelDescriptions.class.getResourceAsStream("model-descriptions.json")) {
            if (in == null) {
                LOG.warning("model-descriptions.json is missing: OpenAPI schemas are published without descriptions");
                return Json.MAPPER.createObjectNode();
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

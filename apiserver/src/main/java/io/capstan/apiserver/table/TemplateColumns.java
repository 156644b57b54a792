package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The wide Containers, Images and Selector columns that upstream's printers add to every kind with a pod
 * template, and their cells ({@code layoutContainerCells}: names and images joined by commas).
 */
final class TemplateColumns {
    static final Column CONTAINERS = Column.wide("Containers", "string", "Names of each container in the template.");
    static final Column IMAGES = Column.wide("Images", "string", "Images referenced by each container in the template.");

    private TemplateColumns() {
    }

    static Column selector(String description) {
        return Column.wide("Selector", "string", description);
    }

    /** Container names of a pod spec, joined by commas. */
    static String containers(JsonNode podSpec) {
        return join(podSpec, "name");
    }

    /** Container images of a pod spec, joined by commas. */
    static String images(JsonNode podSpec) {
        return join(podSpec, "image");
    }

    private static String join(JsonNode podSpec, String field) {
        List<String> out = new ArrayList<>();
        podSpec.path("containers").forEach(c -> out.add(c.path(field).asText("")));
        return String.join(",", out);
    }
}

package io.capstan.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

/** The objects {@code kubectl kustomize} renders from one directory, with lookups by kind and name. */
record Manifests(List<JsonNode> objects) {
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Runs {@code kubectl kustomize dir} and parses its multi-document YAML. */
    static Manifests render(Path kubectl, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectErrorStream(false)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + dir + " failed: " + err);
        }
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(out)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
        }
        return new Manifests(objects);
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    /** The ConfigMap whose name starts with {@code prefix} (kustomize appends a content hash). */
    JsonNode generatedConfigMap(String prefix) {
        return ofKind("ConfigMap").stream()
                .filter(o -> o.path("metadata").path("name").asText().startsWith(prefix + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no ConfigMap " + prefix + "-<hash> rendered"));
    }

    /** The first container of a workload's pod template. */
    static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").path(0);
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}

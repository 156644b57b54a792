package io.capstan.apiserver.flowcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's bootstrap priority-and-fairness configuration ({@code apis/flowcontrol/bootstrap/default.go}
 * of Kubernetes 1.32): the mandatory {@code exempt} and {@code catch-all} FlowSchemas and
 * PriorityLevelConfigurations, and the suggested ones ({@code system}, {@code node-high},
 * {@code leader-election}, {@code workload-high}, {@code workload-low}, {@code global-default} and their
 * FlowSchemas), each annotated {@code apf.kubernetes.io/autoupdate-spec: "true"}. Read from
 * {@code bootstrap.json} beside this class.
 */
public final class BootstrapConfiguration {
    /** The annotation that lets the API server keep an object's spec at its bootstrap value. */
    public static final String AUTO_UPDATE_ANNOTATION = "apf.kubernetes.io/autoupdate-spec";

    private static final JsonNode DOCUMENT = load();

    private BootstrapConfiguration() {
    }

    /** The mandatory PriorityLevelConfigurations ({@code exempt}, {@code catch-all}); fresh copies. */
    public static List<ObjectNode> mandatoryPriorityLevels() {
        return copies(DOCUMENT.path("mandatory").path("priorityLevelConfigurations"));
    }

    /** The mandatory FlowSchemas ({@code exempt}, {@code catch-all}); fresh copies. */
    public static List<ObjectNode> mandatoryFlowSchemas() {
        return copies(DOCUMENT.path("mandatory").path("flowSchemas"));
    }

    /** The suggested PriorityLevelConfigurations; fresh copies. */
    public static List<ObjectNode> suggestedPriorityLevels() {
        return copies(DOCUMENT.path("suggested").path("priorityLevelConfigurations"));
    }

    /** The suggested FlowSchemas; fresh copies. */
    public static List<ObjectNode> suggestedFlowSchemas() {
        return copies(DOCUMENT.path("suggested").path("flowSchemas"));
    }

    /** Mandatory and suggested PriorityLevelConfigurations. */
    public static List<ObjectNode> priorityLevels() {
        List<ObjectNode> all = new ArrayList<>(mandatoryPriorityLevels());
        all.addAll(suggestedPriorityLevels());
        return all;
    }

    /** Mandatory and suggested FlowSchemas. */
    public static List<ObjectNode> flowSchemas() {
        List<ObjectNode> all = new ArrayList<>(mandatoryFlowSchemas());
        all.addAll(suggestedFlowSchemas());
        return all;
    }

    private static List<ObjectNode> copies(JsonNode array) {
        List<ObjectNode> out = new ArrayList<>();
        array.forEach(n -> out.add(((ObjectNode) n).deepCopy()));
        return out;
    }

    private static JsonNode load() {
        try (InputStream in = BootstrapConfiguration.class.getResourceAsStream("bootstrap.json")) {
            if (in == null) {
                throw new IllegalStateException("bootstrap.json missing from the classpath");
            }
            return Json.tree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.LabelSelectors;
import io.capstan.apiserver.registry.Meta;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The {@code scale} subresource of deployments, replica sets, stateful sets and replication controllers:
 * an {@code autoscaling/v1} {@code Scale} whose {@code spec.replicas} reads and writes the parent's
 * {@code spec.replicas}, with the parent's {@code status.replicas} and its selector as text in
 * {@code status.selector}, as upstream's {@code ScaleREST}.
 */
final class ScaleSubresource {
    /** The group and version of the {@code Scale} kind, as discovery lists it for every scale subresource. */
    static final String GROUP = "autoscaling";
    static final String VERSION = "v1";

    private final GenericStore store;
    private final BinaryOperator<ObjectNode> track;

    /** @param track turns (stored parent, scaled parent) into what is written, e.g. recording managed fields */
    ScaleSubresource(GenericStore store, BinaryOperator<ObjectNode> track) {
        this.store = store;
        this.track = track;
    }

    /** The {@code Scale}, read as {@link GenericStore#get(String, String, String)} reads at {@code resourceVersion}. */
    ObjectNode get(String ns, String name, String resourceVersion) {
        return scaleOf(store.get(ns, name, resourceVersion));
    }

    /** Writes {@code scale.spec.replicas} to the parent; a {@code resourceVersion} in it is a precondition. */
    ObjectNode update(String ns, String name, ObjectNode scale, boolean dryRun) {
        return write(ns, name, current -> scale, dryRun);
    }

    /** Applies {@code patch} to the current {@code Scale} and writes the result, as {@link #update}. */
    ObjectNode patch(String ns, String name, UnaryOperator<ObjectNode> patch, boolean dryRun) {
        return write(ns, name, current -> {
            ObjectNode patched = patch.apply(current);
            // A patch that does not name a resourceVersion applies to whatever is current.
            if (Meta.resourceVersion(patched) != null && Meta.resourceVersion(patched).equals(Meta.resourceVersion(current))) {
                Meta.of(patched).remove("resourceVersion");
            }
            return patched;
        }, dryRun);
    }

    private ObjectNode write(String ns, String name, UnaryOperator<ObjectNode> desiredScale, boolean dryRun) {
        ObjectNode updated = store.guaranteedUpdate(ns, name, "scale", dryRun, parent -> {
            ObjectNode live = parent.deepCopy();
            ObjectNode scale = desiredScale.apply(scaleOf(parent));
            validate(name, scale);
            String rv = Meta.resourceVersion(scale);
            if (rv != null && !rv.isEmpty()) {
                Meta.of(parent).put("resourceVersion", rv);
            }
            ObjectNode spec = parent.path("spec").isObject() ? (ObjectNode) parent.get("spec") : parent.putObject("spec");
            spec.put("replicas", scale.path("spec").path("replicas").asLong(0));
            return track.apply(live, parent);
        });
        return scaleOf(updated);
    }

    private void validate(String name, ObjectNode scale) {
        String scaleName = Meta.name(scale);
        if (scaleName != null && !scaleName.isEmpty() && !scaleName.equals(name)) {
            throw Statuses.badRequest("the name of the object (" + scaleName + ") does not match the name on the URL (" + name + ")");
        }
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isMissingNode() && !replicas.isNull() && (!replicas.canConvertToLong() || replicas.asLong() < 0)) {
            throw Statuses.invalid(GROUP, "Scale", name, List.of(Statuses.cause("FieldValueInvalid", "spec.replicas",
                    "Invalid value: " + replicas + ": must be greater than or equal to 0")));
        }
    }

    /** Upstream's {@code scaleFromDeployment} and friends. */
    private ObjectNode scaleOf(ObjectNode parent) {
        ObjectNode scale = Json.MAPPER.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", GROUP + "/" + VERSION);
        ObjectNode meta = scale.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            JsonNode v = parent.path("metadata").get(f);
            if (v != null) {
                meta.set(f, v.deepCopy());
            }
        }
        JsonNode spec = parent.path("spec");
        scale.putObject("spec").put("replicas", spec.path("replicas").asLong(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", parent.path("status").path("replicas").asLong(0));
        JsonNode selector = spec.path("selector");
        // Replication controllers select by a plain label map, the apps kinds by a LabelSelector.
        String text;
        if (store.definition().group().isEmpty()) {
            String labels = LabelSelectors.formatLabels(selector);
            text = labels.equals("<none>") ? "" : labels;
        } else {
            text = LabelSelectors.text(selector);
        }
        status.put("selector", text);
        return scale;
    }
}

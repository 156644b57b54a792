package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Meta;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;

import java.util.Map;
import java.util.Set;

/**
 * Namespaces: phase {@code Active} on create, the {@code kubernetes} finalizer that the namespace
 * controller removes once the content is gone, and the {@code kubernetes.io/metadata.name} label.
 */
public final class NamespaceStrategy implements Strategy {
    /** The finalizer upstream puts in {@code spec.finalizers}. */
    public static final String KUBERNETES_FINALIZER = "kubernetes";
    static final String NAME_LABEL = "kubernetes.io/metadata.name";
    /** Namespaces the NamespaceLifecycle admission plugin never lets go. */
    private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

    @Override
    public void applyDefaults(ObjectNode obj) {
        String name = Meta.name(obj);
        if (name != null) {
            ObjectNode meta = Meta.of(obj);
            ObjectNode labels = meta.has("labels") && meta.get("labels").isObject() ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
            labels.put(NAME_LABEL, name);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Active");
        ObjectNode spec = obj.has("spec") && obj.get("spec").isObject() ? (ObjectNode) obj.get("spec") : obj.putObject("spec");
        ArrayNode finalizers = spec.putArray("finalizers");
        finalizers.add(KUBERNETES_FINALIZER);
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        // spec.finalizers change only through the finalize subresource.
        if (old.has("spec")) {
            obj.set("spec", old.get("spec").deepCopy());
        }
        Strategy.super.prepareForUpdate(obj, old);
    }

    @Override
    public void checkDelete(ObjectNode ns) {
        String name = Meta.name(ns);
        if (IMMORTAL.contains(name)) {
            throw Statuses.of(403, "Forbidden", "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
        }
    }

    @Override
    public boolean hasPendingFinalizers(ObjectNode ns) {
        return ns.path("spec").path("finalizers").size() > 0;
    }

    @Override
    public void prepareForDeletion(ObjectNode ns) {
        ObjectNode status = ns.path("status").isObject() ? (ObjectNode) ns.get("status") : ns.putObject("status");
        status.put("phase", "Terminating");
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    @Override
    public NameRule nameRule() {
        return NameRule.DNS1123_LABEL;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        return Map.of("status.phase", obj.path("status").path("phase").asText(""));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("status.phase");
    }
}

package io.capstan.apiserver.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.common.api.GroupVersionKind;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;

import java.util.Collection;

/**
 * Adds the definitions a set of served resources needs: each kind and its list kind with their
 * {@code x-kubernetes-group-version-kind}, the {@code Status}, {@code DeleteOptions} and
 * {@code WatchEvent} of {@code meta/v1}, and {@code autoscaling/v1 Scale} for scale subresources.
 */
final class ServedKinds {
    static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";
    static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    private ServedKinds() {
    }

    /**
     * @param groupVersions every group-version served; upstream lists each as a version of
     *                      {@code DeleteOptions} and {@code WatchEvent}
     */
    static void add(ModelDefinitions defs, Collection<ResourceDefinition> resources,
                    Collection<GroupVersionResource> groupVersions) {
        for (ResourceDefinition d : resources) {
            Class<?> model = d.schema().modelClass();
            defs.addGroupVersionKind(defs.add(model), d.gvk());
            Class<?> list = listClass(model);
            if (list != null) {
                defs.addGroupVersionKind(defs.add(list), new GroupVersionKind(d.group(), d.gvr().version(), d.listKind()));
            }
            if (d.subresources().contains("scale")) {
                addScale(defs);
            }
        }
        defs.addGroupVersionKind(defs.add(Status.class), new GroupVersionKind("", "v1", "Status"));
        // The body of every PATCH: an object in one of the patch media types.
        defs.put(PATCH, Json.MAPPER.createObjectNode().put("type", "object"));
        String deleteOptions = defs.add(DeleteOptions.class);
        String watchEvent = defs.add(WatchEvent.class);
        for (GroupVersionResource gv : groupVersions) {
            defs.addGroupVersionKind(deleteOptions, new GroupVersionKind(gv.group(), gv.version(), "DeleteOptions"));
            defs.addGroupVersionKind(watchEvent, new GroupVersionKind(gv.group(), gv.version(), "WatchEvent"));
        }
    }

    private static Class<?> listClass(Class<?> model) {
        try {
            return Class.forName(model.getName() + "List", false, model.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** autoscaling/v1 Scale, written by hand: its fabric8 module is not a dependency of the server. */
    private static void addScale(ModelDefinitions defs) {
        if (defs.definitions().containsKey(SCALE)) {
            return;
        }
        String meta = defs.add(ObjectMeta.class);
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.putObject("properties").putObject("replicas").put("type", "integer").put("format", "int32");
        spec.put("type", "object");
        defs.put(SCALE + "Spec", spec);
        ObjectNode status = Json.MAPPER.createObjectNode();
        ObjectNode sp = status.putObject("properties");
        sp.putObject("replicas").put("type", "integer").put("format", "int32");
        sp.putObject("selector").put("type", "string");
        status.putArray("required").add("replicas");
        status.put("type", "object");
        defs.put(SCALE + "Status", status);
        ObjectNode scale = Json.MAPPER.createObjectNode();
        ObjectNode p = scale.putObject("properties");
        p.putObject("apiVersion").put("type", "string");
        p.putObject("kind").put("type", "string");
        p.set("metadata", defs.propertyRef(meta));
        p.set("spec", defs.propertyRef(SCALE + "Spec"));
        p.set("status", defs.propertyRef(SCALE + "Status"));
        scale.put("type", "object");
        defs.put(SCALE, scale);
        defs.addGroupVersionKind(SCALE, new GroupVersionKind("autoscaling", "v1", "Scale"));
    }
}

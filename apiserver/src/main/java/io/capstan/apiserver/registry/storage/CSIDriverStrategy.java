package io.capstan.apiserver.registry.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.apiserver.registry.Strategy;

/** CSIDrivers: storage/v1 defaults of {@code SetDefaults_CSIDriver}. */
public final class CSIDriverStrategy implements Strategy {

    @Override
    public void applyDefaults(ObjectNode d) {
        ObjectNode spec = PodTemplates.object(d, "spec");
        putIfAbsent(spec, "attachRequired", true);
        putIfAbsent(spec, "podInfoOnMount", false);
        putIfAbsent(spec, "storageCapacity", false);
        putIfAbsent(spec, "requiresRepublish", false);
        PodTemplates.putIfAbsent(spec, "fsGroupPolicy", "ReadWriteOnceWithFSType");
        if (!spec.hasNonNull("volumeLifecycleModes")) {
            spec.putArray("volumeLifecycleModes").add("Persistent");
        }
    }

    private static void putIfAbsent(ObjectNode o, String field, boolean value) {
        if (!o.hasNonNull(field)) {
            o.put(field, value);
        }
    }
}

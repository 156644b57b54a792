package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.Iterator;
import java.util.Map;

/**
 * What upstream's tests get from {@code strategicpatch.CreateTwoWayMergePatch(json(old), json(new), T{})}
 * when the two objects differ only in struct fields (no list with a patch merge key changes): for each
 * field that changed, the new value (objects recursively, everything else whole); for each field that
 * went away, {@code null}. The objects are serialized as the fabric8 client sends them.
 */
final class TwoWayMergePatch {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TwoWayMergePatch() {
    }

    /** The patch that turns {@code original} into {@code modified}, as JSON text. */
    static String create(Object original, Object modified) {
        try {
            JsonNode from = MAPPER.readTree(SERIALIZATION.asJson(original));
            JsonNode to = MAPPER.readTree(SERIALIZATION.asJson(modified));
            return MAPPER.writeValueAsString(diff((ObjectNode) from, (ObjectNode) to));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode diff(ObjectNode from, ObjectNode to) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode old = from.get(field.getKey());
            JsonNode now = field.getValue();
            if (now.equals(old)) {
                continue;
            }
            if (old instanceof ObjectNode o && now instanceof ObjectNode n) {
                patch.set(field.getKey(), diff(o, n));
            } else {
                patch.set(field.getKey(), now);
            }
        }
        for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!to.has(name)) {
                patch.putNull(name);
            }
        }
        return patch;
    }
}

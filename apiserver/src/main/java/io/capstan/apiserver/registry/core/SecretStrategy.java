package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Secrets: {@code type} defaults to Opaque and is immutable; {@code stringData} folds into {@code data}. */
public final class SecretStrategy implements Strategy {
    private final ConfigMapStrategy keys = new ConfigMapStrategy("stringData");

    @Override
    public void applyDefaults(ObjectNode obj) {
        if (!obj.hasNonNull("type") || obj.get("type").asText().isEmpty()) {
            obj.put("type", "Opaque");
        }
        if (obj.path("stringData").isObject()) {
            ObjectNode data = obj.path("data").isObject() ? (ObjectNode) obj.get("data") : obj.putObject("data");
            obj.get("stringData").fields().forEachRemaining(e -> data.put(e.getKey(),
                    Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
            obj.remove("stringData");
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode obj) {
        List<StatusCause> causes = new ArrayList<>(keys.validate(obj));
        long[] total = {0};
        obj.path("data").fields().forEachRemaining(e -> {
            try {
                total[0] += Base64.getDecoder().decode(e.getValue().asText()).length;
            } catch (IllegalArgumentException ex) {
                causes.add(Statuses.cause("FieldValueInvalid", "data[" + e.getKey() + "]", "Invalid value: illegal base64 data"));
            }
        });
        if (total[0] > ConfigMapStrategy.MAX_SIZE) {
            // upstream's ValidateSecret: field.TooLong(dataPath, "", core.MaxSecretSize)
            causes.add(Statuses.cause("FieldValueTooLong", "data", "Too long: may not be more than " + ConfigMapStrategy.MAX_SIZE + " bytes"));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>(keys.validateUpdate(obj, old));
        if (!obj.path("type").asText("").equals(old.path("type").asText(""))) {
            causes.add(Statuses.cause("FieldValueInvalid", "type", "Invalid value: \"" + obj.path("type").asText("")
                    + "\": field is immutable"));
        }
        return causes;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        return Map.of("type", obj.path("type").asText(""));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("type");
    }
}

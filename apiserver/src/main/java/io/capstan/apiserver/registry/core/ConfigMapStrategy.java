package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** ConfigMaps and Secrets: data keys must be valid file names; {@code immutable} objects refuse changes. */
public final class ConfigMapStrategy implements Strategy {
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private final String binaryField;

    /** @param binaryField {@code binaryData} for ConfigMaps, {@code stringData} for Secrets */
    public ConfigMapStrategy(String binaryField) {
        this.binaryField = binaryField;
    }

    @Override
    public List<StatusCause> validate(ObjectNode obj) {
        List<StatusCause> causes = new ArrayList<>();
        checkKeys(obj.path("data"), "data", causes);
        checkKeys(obj.path(binaryField), binaryField, causes);
        obj.path("data").fieldNames().forEachRemaining(k -> {
            if (obj.path(binaryField).has(k) && binaryField.equals("binaryData")) {
                causes.add(Statuses.cause("FieldValueInvalid", "data[" + k + "]",
                        "Invalid value: \"" + k + "\": duplicate of key present in binaryData"));
            }
        });
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>();
        if (old.path("immutable").asBoolean(false)) {
            if (!obj.path("immutable").asBoolean(false)) {
                causes.add(Statuses.cause("FieldValueForbidden", "immutable", "Forbidden: field is immutable when `immutable` is set"));
            }
            if (!obj.path("data").equals(old.path("data")) || !obj.path(binaryField).equals(old.path(binaryField))) {
                causes.add(Statuses.cause("FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set"));
            }
        }
        return causes;
    }

    private static void checkKeys(JsonNode map, String field, List<StatusCause> causes) {
        map.fieldNames().forEachRemaining(k -> {
            if (k.length() > 253 || !KEY.matcher(k).matches() || k.equals(".") || k.equals("..")) {
                causes.add(Statuses.cause("FieldValueInvalid", field,
                        "Invalid value: \"" + k + "\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
            }
        });
    }
}

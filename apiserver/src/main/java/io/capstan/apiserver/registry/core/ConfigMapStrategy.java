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
        if (binaryField.equals("binaryData") && configMapSize(obj) > MAX_SIZE) {
            // upstream's ValidateConfigMap: field.TooLong(field.NewPath(""), ...), the whole object
            causes.add(Statuses.cause("FieldValueTooLong", "[]", "Too long: may not be more than " + MAX_SIZE + " bytes"));
        }
        return causes;
    }

    /** Upstream's {@code core.MaxSecretSize}: the most data a ConfigMap or Secret holds, 1 MiB. */
    static final int MAX_SIZE = 1024 * 1024;

    /** The bytes of a ConfigMap's data (UTF-8 strings) and binaryData (decoded), as upstream counts them. */
    private static long configMapSize(ObjectNode obj) {
        long total = 0;
        for (JsonNode v : obj.path("data")) {
            total += v.asText("").getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        for (JsonNode v : obj.path("binaryData")) {
            String b64 = v.asText("");
            int padding = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
            total += (long) b64.length() * 3 / 4 - padding;
        }
        return total;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<StatusCause> causes = new ArrayList<>();
        if (old.path("immutable").asBoolean(false)) {
            if (!obj.path("immutable").asBoolean(false)) {
                causes.add(Statuses.cause("FieldValueForbidden", "immutable", "Forbidden: field is immutable when `immutable` is set"));
            }
            if (!obj.path("data").equals(old.path("data"))) {
                causes.add(Statuses.cause("FieldValueForbidden", "data", "Forbidden: field is immutable when `immutable` is set"));
            }
            // a Secret's stringData is already folded into data here, as upstream notes in ValidateSecretUpdate
            if (binaryField.equals("binaryData") && !obj.path("binaryData").equals(old.path("binaryData"))) {
                causes.add(Statuses.cause("FieldValueForbidden", "binaryData", "Forbidden: field is immutable when `immutable` is set"));
            }
        }
        return causes;
    }

    /**
     * Upstream's {@code field.Invalid(path.Key(key), key, msg)} for each message of {@code IsConfigMapKey},
     * so an empty key is reported at {@code data[]}.
     */
    private static void checkKeys(JsonNode map, String field, List<StatusCause> causes) {
        map.fieldNames().forEachRemaining(k -> {
            for (String msg : configMapKeyErrors(k)) {
                causes.add(Statuses.cause("FieldValueInvalid", field + "[" + k + "]", "Invalid value: \"" + k + "\": " + msg));
            }
        });
    }

    /** Upstream's {@code validation.IsConfigMapKey} (k8s.io/apimachinery/pkg/util/validation). */
    static List<String> configMapKeyErrors(String key) {
        List<String> errors = new ArrayList<>();
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 253) {
            errors.add("must be no more than 253 characters");
        }
        if (!KEY.matcher(key).matches()) {
            errors.add("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
                    + "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
        }
        if (key.equals(".")) {
            errors.add("must not be '.'");
        } else if (key.equals("..")) {
            errors.add("must not be '..'");
        } else if (key.startsWith("..")) {
            errors.add("must not start with '..'");
        }
        return errors;
    }
}

package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Upstream's metadata validation: names, labels, annotations and managed fields, with upstream's messages and field paths. */
public final class ObjectMetaValidation {
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private ObjectMetaValidation() {
    }

    /** Problems with a name under {@code rule}; empty when valid. */
    public static List<String> nameProblems(String name, Strategy.NameRule rule) {
        List<String> out = new ArrayList<>();
        switch (rule) {
            case DNS1123_LABEL -> {
                if (name.length() > 63) {
                    out.add("must be no more than 63 characters");
                }
                if (!DNS1123_LABEL.matcher(name).matches()) {
                    out.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
                }
            }
            case DNS1035_LABEL -> {
                if (name.length() > 63) {
                    out.add("must be no more than 63 characters");
                }
                if (!DNS1035_LABEL.matcher(name).matches()) {
                    out.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
                }
            }
            case DNS1123_SUBDOMAIN -> {
                if (name.length() > 253) {
                    out.add("must be no more than 253 characters");
                }
                if (!DNS1123_SUBDOMAIN.matcher(name).matches()) {
                    out.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
                }
            }
            case PATH_SEGMENT -> {
                if (name.equals(".") || name.equals("..")) {
                    out.add("may not be '" + name + "'");
                }
                if (name.contains("/") || name.contains("%")) {
                    out.add("may not contain '/' or '%'");
                }
            }
        }
        return out;
    }

    /** Validates {@code metadata}: name (unless generated), labels and annotations. */
    public static List<StatusCause> validate(ObjectNode obj, Strategy.NameRule rule, boolean namespaced) {
        List<StatusCause> causes = new ArrayList<>();
        String name = Meta.name(obj);
        if (name == null || name.isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "metadata.name", "Required value: name or generateName is required"));
        } else {
            for (String p : nameProblems(name, rule)) {
                causes.add(Statuses.cause("FieldValueInvalid", "metadata.name", "Invalid value: \"" + name + "\": " + p));
            }
        }
        if (!namespaced && Meta.namespace(obj) != null && !Meta.namespace(obj).isEmpty()) {
            causes.add(Statuses.cause("FieldValueForbidden", "metadata.namespace", "Forbidden: not allowed on this type"));
        }
        JsonNode labels = obj.path("metadata").path("labels");
        if (!labels.isMissingNode() && !labels.isNull() && !labels.isObject()) {
            causes.add(Statuses.cause("FieldValueInvalid", "metadata.labels", "Invalid value: must be a map of strings"));
        }
        for (Map.Entry<String, String> e : Meta.labels(obj).entrySet()) {
            keyProblems(e.getKey(), "metadata.labels", causes);
            String v = e.getValue();
            if (v.length() > 63 || !LABEL_VALUE.matcher(v).matches()) {
                causes.add(Statuses.cause("FieldValueInvalid", "metadata.labels",
                        "Invalid value: \"" + v + "\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
            }
        }
        long size = 0;
        for (Map.Entry<String, String> e : Meta.stringMap(obj.path("metadata").path("annotations")).entrySet()) {
            keyProblems(e.getKey().toLowerCase(), "metadata.annotations", causes);
            size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
            causes.add(Statuses.cause("FieldValueTooLong", "metadata.annotations",
                    "Too long: may not be more than " + TOTAL_ANNOTATION_SIZE_LIMIT + " bytes"));
        }
        JsonNode managed = obj.path("metadata").path("managedFields");
        for (int i = 0; i < managed.size(); i++) {
            String op = managed.get(i).path("operation").asText("");
            if (!op.equals("Apply") && !op.equals("Update")) {
                causes.add(Statuses.cause("FieldValueInvalid", "metadata.managedFields[" + i + "].operation",
                        "Invalid value: \"" + op + "\": must be `Apply` or `Update`"));
            }
            String type = managed.get(i).path("fieldsType").asText("");
            if (!type.isEmpty() && !type.equals("FieldsV1")) {
                causes.add(Statuses.cause("FieldValueInvalid", "metadata.managedFields[" + i + "].fieldsType",
                        "Invalid value: \"" + type + "\": must be `FieldsV1`"));
            }
        }
        return causes;
    }

    private static void keyProblems(String key, String field, List<StatusCause> causes) {
        for (String problem : qualifiedNameProblems(key)) {
            causes.add(Statuses.cause("FieldValueInvalid", field, "Invalid value: \"" + key + "\": " + problem));
        }
    }

    private static final String QUALIFIED_NAME_ERROR = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    /** Upstream's {@code IsQualifiedName} (label and annotation keys): one message per problem, as it words them. */
    public static List<String> qualifiedNameProblems(String value) {
        List<String> out = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                out.add("prefix part must be non-empty");
            } else {
                nameProblems(prefix, Strategy.NameRule.DNS1123_SUBDOMAIN).forEach(m -> out.add("prefix part " + m));
            }
        } else {
            out.add("a qualified name " + QUALIFIED_NAME_ERROR + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return out;
        }
        if (name.isEmpty()) {
            out.add("name part must be non-empty");
        } else if (name.length() > 63) {
            out.add("name part must be no more than 63 characters");
        }
        if (!QUALIFIED_NAME.matcher(name).matches()) {
            out.add("name part " + QUALIFIED_NAME_ERROR);
        }
        return out;
    }

    /** True for a valid DNS-1123 label. */
    public static boolean isDns1123Label(String s) {
        return s != null && s.length() <= 63 && DNS1123_LABEL.matcher(s).matches();
    }
}

package io.capstan.apiserver.registry.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the access reviews share, after upstream's {@code pkg/apis/authorization/validation} and
 * {@code pkg/registry/authorization/util}: spec validation, the spec as authorizer {@link Attributes}, the decision
 * as a {@code SubjectAccessReviewStatus}.
 */
final class AccessReviewSpecs {
    private AccessReviewSpecs() {
    }

    /** Upstream's {@code ValidateSelfSubjectAccessReviewSpec}: exactly one of resourceAttributes and nonResourceAttributes. */
    static List<StatusCause> validateAttributes(JsonNode spec) {
        List<StatusCause> causes = new ArrayList<>();
        boolean resource = spec.path("resourceAttributes").isObject();
        boolean nonResource = spec.path("nonResourceAttributes").isObject();
        if (resource && nonResource) {
            causes.add(invalid("spec.nonResourceAttributes", nonResourceAttributes(spec.get("nonResourceAttributes")),
                    "cannot be specified in combination with resourceAttributes"));
        }
        if (!resource && !nonResource) {
            causes.add(invalid("spec.resourceAttributes", quoted("null"),
                    "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
        }
        return causes;
    }

    /** Upstream's {@code ValidateSubjectAccessReviewSpec}: the attributes, and a user or a group to ask about. */
    static List<StatusCause> validateSubjectSpec(JsonNode spec) {
        List<StatusCause> causes = validateAttributes(spec);
        if (spec.path("user").asText("").isEmpty() && spec.path("groups").isEmpty()) {
            causes.add(invalid("spec.user", quoted(spec.path("user").asText("")),
                    "at least one of user or group must be specified"));
        }
        return causes;
    }

    /**
     * True when {@code metadata} holds nothing but the fields in {@code allowed} (and managedFields, which upstream
     * ignores); the reviews' metadata must be empty.
     */
    static boolean metadataEmptyExcept(JsonNode metadata, String... allowed) {
        List<String> ok = new ArrayList<>(List.of(allowed));
        ok.add("managedFields");
        var it = metadata.fields();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode v = e.getValue();
            boolean empty = v.isNull() || v.isMissingNode() || (v.isTextual() && v.asText().isEmpty())
                    || (v.isContainerNode() && v.isEmpty()) || (v.isNumber() && v.asLong() == 0);
            if (!empty && !ok.contains(e.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** Upstream's {@code field.Invalid}: {@code <field>: Invalid value: <value>: <detail>}. */
    static StatusCause invalid(String field, String printedValue, String detail) {
        StatusCause c = new StatusCause();
        c.setReason("FieldValueInvalid");
        c.setField(field);
        c.setMessage("Invalid value: " + printedValue + ": " + detail);
        return c;
    }

    /** A string as Go's {@code %q} prints it (nil values print as {@code "null"}). */
    static String quoted(String s) {
        return Json.MAPPER.getNodeFactory().textNode(s).toString();
    }

    /** ObjectMeta as an abridged Go {@code %#v}: the fields most likely set. */
    static String objectMeta(JsonNode m) {
        return "v1.ObjectMeta{Name:" + quoted(m.path("name").asText("")) + ", GenerateName:" + quoted(m.path("generateName").asText(""))
                + ", Namespace:" + quoted(m.path("namespace").asText("")) + ", ...}";
    }

    /** A NonResourceAttributes as Go's {@code %#v} prints the internal struct. */
    static String nonResourceAttributes(JsonNode n) {
        return "authorization.NonResourceAttributes{Path:" + quoted(n.path("path").asText("")) + ", Verb:"
                + quoted(n.path("verb").asText("")) + "}";
    }

    /**
     * Upstream's {@code ResourceAttributesFrom}/{@code NonResourceAttributesFrom}: the spec's attributes for
     * {@code user}; an empty version matches every version ({@code *}).
     */
    static Attributes attributes(UserInfo user, JsonNode spec) {
        JsonNode r = spec.path("resourceAttributes");
        if (r.isObject()) {
            String version = r.path("version").asText("");
            return Attributes.resource(user, r.path("verb").asText(""), r.path("namespace").asText(""),
                    r.path("group").asText(""), version.isEmpty() ? "*" : version, r.path("resource").asText(""),
                    r.path("subresource").asText(""), r.path("name").asText(""));
        }
        JsonNode n = spec.path("nonResourceAttributes");
        return Attributes.nonResource(user, n.path("verb").asText(""), n.path("path").asText(""));
    }

    /** The user a SubjectAccessReview asks about: {@code spec.user}, {@code uid}, {@code groups}, {@code extra}. */
    static UserInfo subject(JsonNode spec) {
        List<String> groups = new ArrayList<>();
        spec.path("groups").forEach(g -> groups.add(g.asText()));
        Map<String, List<String>> extra = new LinkedHashMap<>();
        spec.path("extra").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            extra.put(e.getKey(), values);
        });
        return new UserInfo(spec.path("user").asText(""), spec.path("uid").asText(""), groups, extra);
    }

    /** A {@code SubjectAccessReviewStatus}: allowed always, denied/reason/evaluationError when set. */
    static ObjectNode status(AuthorizationDecision decision) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("allowed", decision.decision() == AuthorizationDecision.Decision.ALLOW);
        if (decision.decision() == AuthorizationDecision.Decision.DENY) {
            s.put("denied", true);
        }
        if (decision.reason() != null && !decision.reason().isEmpty()) {
            s.put("reason", decision.reason());
        }
        if (decision.error() != null && !decision.error().isEmpty()) {
            s.put("evaluationError", decision.error());
        }
        return s;
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.Meta;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The {@code approval} subresource of certificate signing requests: the metadata and
 * {@code status.conditions} change, the spec and the issued certificate do not, an {@code Approved} or
 * {@code Denied} condition may not be removed once set, and a request is never both, as upstream's
 * {@code csrApprovalStrategy}.
 */
final class ApprovalSubresource {
    private final GenericStore store;
    private final BinaryOperator<ObjectNode> track;

    /** @param track records the writer in managed fields, given (current, updated), under subresource {@code approval} */
    ApprovalSubresource(GenericStore store, BinaryOperator<ObjectNode> track) {
        this.store = store;
        this.track = track;
    }

    ObjectNode update(String name, ObjectNode body, boolean dryRun) {
        return write(name, current -> body, dryRun);
    }

    ObjectNode patch(String name, UnaryOperator<ObjectNode> patch, boolean dryRun) {
        return write(name, current -> {
            ObjectNode patched = patch.apply(current.deepCopy());
            if (Meta.resourceVersion(patched) != null && Meta.resourceVersion(patched).equals(Meta.resourceVersion(current))) {
                Meta.of(patched).remove("resourceVersion");
            }
            return patched;
        }, dryRun);
    }

    /**
     * Upstream's {@code csrApprovalStrategy.PrepareForUpdate}: the request's object (its metadata and its
     * conditions), with the spec and the issued certificate put back from the stored one, and the
     * conditions' timestamps filled in.
     */
    private ObjectNode write(String name, UnaryOperator<ObjectNode> desired, boolean dryRun) {
        return store.guaranteedUpdate("", name, "approval", dryRun, current -> {
            ObjectNode wanted = desired.apply(current);
            String rv = Meta.resourceVersion(wanted);
            ObjectNode updated = wanted.deepCopy();
            Meta.of(updated).put("resourceVersion", rv == null ? "" : rv);
            JsonNode spec = current.get("spec");
            if (spec == null) {
                updated.remove("spec");
            } else {
                updated.set("spec", spec.deepCopy());
            }
            ObjectNode status = updated.path("status").isObject() ? (ObjectNode) updated.get("status") : updated.putObject("status");
            JsonNode certificate = current.path("status").get("certificate");
            if (certificate == null) {
                status.remove("certificate");
            } else {
                status.set("certificate", certificate.deepCopy());
            }
            if (!status.path("conditions").isArray()) {
                status.set("conditions", Json.MAPPER.createArrayNode());
            }
            populateConditionTimestamps(status.path("conditions"), current.path("status").path("conditions"));
            validate(name, status.path("conditions"), current.path("status").path("conditions"));
            return track.apply(current, updated);
        });
    }

    /**
     * Upstream's {@code populateConditionTimestamps}: a condition without {@code lastUpdateTime} gets now;
     * one without {@code lastTransitionTime} keeps that of a stored condition of the same type and status,
     * else gets now.
     */
    static void populateConditionTimestamps(JsonNode conditions, JsonNode old) {
        String now = GenericStore.now();
        for (JsonNode c : conditions) {
            if (!(c instanceof ObjectNode condition)) {
                continue;
            }
            if (condition.path("lastUpdateTime").asText("").isEmpty()) {
                condition.put("lastUpdateTime", now);
            }
            if (condition.path("lastTransitionTime").asText("").isEmpty()) {
                String lastTransition = now;
                for (JsonNode o : old) {
                    if (o.path("type").asText("").equals(condition.path("type").asText(""))
                            && o.path("status").asText("").equals(condition.path("status").asText(""))
                            && !o.path("lastTransitionTime").asText("").isEmpty()) {
                        lastTransition = o.path("lastTransitionTime").asText();
                        break;
                    }
                }
                condition.put("lastTransitionTime", lastTransition);
            }
        }
    }

    private static void validate(String name, JsonNode conditions, JsonNode old) {
        List<StatusCause> causes = new ArrayList<>();
        Set<String> types = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            String type = conditions.get(i).path("type").asText("");
            if (type.isEmpty()) {
                causes.add(Statuses.cause("FieldValueRequired", "status.conditions[" + i + "].type", "Required value"));
            }
            types.add(type);
        }
        if (types.contains("Approved") && types.contains("Denied")) {
            causes.add(Statuses.cause("FieldValueInvalid", "status.conditions",
                    "Invalid value: \"Approved\": Approved and Denied conditions are mutually exclusive"));
        }
        for (JsonNode c : old) {
            String type = c.path("type").asText("");
            if ((type.equals("Approved") || type.equals("Denied")) && !types.contains(type)) {
                causes.add(Statuses.cause("FieldValueForbidden", "status.conditions",
                        "Forbidden: updates may not remove a condition of type \"" + type + "\""));
            }
        }
        if (!causes.isEmpty()) {
            throw Statuses.invalid("certificates.k8s.io", "CertificateSigningRequest", name, causes);
        }
    }
}

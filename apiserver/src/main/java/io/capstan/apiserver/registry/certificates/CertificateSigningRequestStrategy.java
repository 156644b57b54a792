package io.capstan.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.registry.Strategy;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CertificateSigningRequests: status reset on create, a request, signer and usages required, and a spec
 * that never changes after create; conditions change through the {@code approval} subresource and the
 * certificate through {@code status}. {@code spec.username}, {@code uid}, {@code groups} and {@code extra}
 * are the requesting user's, whatever the client sent, as upstream records them.
 */
public final class CertificateSigningRequestStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode csr) {
        prepareForCreate(csr, UserInfo.ANONYMOUS);
    }

    /** Upstream's {@code PrepareForCreate}: no pre-approved status, and the requesting user recorded in the spec. */
    @Override
    public void prepareForCreate(ObjectNode csr, UserInfo user) {
        csr.putObject("status");
        ObjectNode spec = csr.path("spec") instanceof ObjectNode s ? s : csr.putObject("spec");
        spec.remove(List.of("username", "uid", "groups", "extra"));
        spec.put("username", user.username());
        if (!user.uid().isEmpty()) {
            spec.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            ArrayNode groups = spec.putArray("groups");
            user.groups().forEach(groups::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = spec.putObject("extra");
            user.extra().forEach((k, v) -> {
                ArrayNode values = extra.putArray(k);
                v.forEach(values::add);
            });
        }
    }

    @Override
    public List<StatusCause> validate(ObjectNode csr) {
        List<StatusCause> causes = new ArrayList<>();
        JsonNode spec = csr.path("spec");
        if (spec.path("request").asText("").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.request", "Required value"));
        }
        if (spec.path("signerName").asText("").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.signerName", "Required value"));
        }
        if (spec.path("usages").isEmpty()) {
            causes.add(Statuses.cause("FieldValueRequired", "spec.usages", "Required value"));
        }
        return causes;
    }

    @Override
    public List<StatusCause> validateUpdate(ObjectNode csr, ObjectNode old) {
        if (!csr.path("spec").equals(old.path("spec"))) {
            return List.of(Statuses.cause("FieldValueInvalid", "spec", "Invalid value: \"\": field is immutable"));
        }
        return List.of();
    }

    @Override
    public boolean hasStatus() {
        return true;
    }

    /** The field upstream's {@code ToSelectableFields} adds for this kind, for field selectors. */
    @Override
    public Map<String, String> selectableFields(ObjectNode csr) {
        return Map.of("spec.signerName", csr.path("spec").path("signerName").asText(""));
    }

    @Override
    public Set<String> selectableFieldNames() {
        return Set.of("spec.signerName");
    }
}

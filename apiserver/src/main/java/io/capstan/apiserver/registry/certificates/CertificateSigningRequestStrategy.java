package io.capstan.apiserver.registry.certificates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * certificate through {@code status}. Upstream also fills {@code spec.username}, {@code uid},
 * {@code groups} and {@code extra} from the requesting user; strategies here do not see the user.
 */
public final class CertificateSigningRequestStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode csr) {
        csr.putObject("status");
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

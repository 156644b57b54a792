package io.capstan.apiserver.registry.authentication;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.registry.Creater;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.common.json.Json;

/**
 * authentication.k8s.io/v1 SelfSubjectReview (upstream's {@code pkg/registry/authentication/selfsubjectreview}):
 * answers with who the request acts as, after impersonation; {@code kubectl auth whoami} prints it.
 */
public final class SelfSubjectReviewStorage implements Creater {

    @Override
    public ObjectNode create(UserInfo user, String namespace, ObjectNode review, boolean dryRun) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("metadata").put("creationTimestamp", GenericStore.now());
        out.putObject("status").set("userInfo", UserInfoJson.of(user));
        return out;
    }
}

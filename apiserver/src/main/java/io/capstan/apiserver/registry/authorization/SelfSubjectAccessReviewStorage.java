package io.capstan.apiserver.registry.authorization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.registry.Creater;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.List;

/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview (upstream's {@code pkg/registry/authorization/selfsubjectaccessreview}):
 * may the caller (after impersonation) do this? {@code kubectl auth can-i} asks it.
 */
public final class SelfSubjectAccessReviewStorage implements Creater {
    private final Authorizer authorizer;

    public SelfSubjectAccessReviewStorage(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public ObjectNode create(UserInfo user, String namespace, ObjectNode review, boolean dryRun) {
        List<StatusCause> causes = AccessReviewSpecs.validateAttributes(review.path("spec"));
        if (!AccessReviewSpecs.metadataEmptyExcept(review.path("metadata"))) {
            causes.add(AccessReviewSpecs.invalid("metadata", AccessReviewSpecs.objectMeta(review.path("metadata")), "must be empty"));
        }
        if (!causes.isEmpty()) {
            throw Statuses.invalid("authorization.k8s.io", "SelfSubjectAccessReview", "", causes);
        }
        review.set("status", AccessReviewSpecs.status(authorizer.authorize(AccessReviewSpecs.attributes(user, review.path("spec")))));
        return review;
    }
}

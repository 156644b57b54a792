package io.capstan.apiserver.registry.authorization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.registry.Creater;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.List;

/**
 * authorization.k8s.io/v1 SubjectAccessReview (upstream's {@code pkg/registry/authorization/subjectaccessreview}):
 * may the user, groups and extra in the spec do what its resource or non-resource attributes say?
 */
public final class SubjectAccessReviewStorage implements Creater {
    private final Authorizer authorizer;

    public SubjectAccessReviewStorage(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public ObjectNode create(UserInfo user, String namespace, ObjectNode review, boolean dryRun) {
        List<StatusCause> causes = AccessReviewSpecs.validateSubjectSpec(review.path("spec"));
        if (!AccessReviewSpecs.metadataEmptyExcept(review.path("metadata"))) {
            causes.add(AccessReviewSpecs.invalid("metadata", AccessReviewSpecs.objectMeta(review.path("metadata")), "must be empty"));
        }
        if (!causes.isEmpty()) {
            throw Statuses.invalid("authorization.k8s.io", "SubjectAccessReview", "", causes);
        }
        var attributes = AccessReviewSpecs.attributes(AccessReviewSpecs.subject(review.path("spec")), review.path("spec"));
        review.set("status", AccessReviewSpecs.status(authorizer.authorize(attributes)));
        return review;
    }
}

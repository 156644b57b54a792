package io.capstan.apiserver.registry.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.registry.Creater;
import io.capstan.common.api.Statuses;
import io.fabric8.kubernetes.api.model.StatusCause;

import java.util.List;

/**
 * authorization.k8s.io/v1 LocalSubjectAccessReview (upstream's {@code pkg/registry/authorization/localsubjectaccessreview}):
 * a SubjectAccessReview about one namespace, for namespace admins; resource attributes only, in that namespace.
 */
public final class LocalSubjectAccessReviewStorage implements Creater {
    private final Authorizer authorizer;

    public LocalSubjectAccessReviewStorage(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public ObjectNode create(UserInfo user, String namespace, ObjectNode review, boolean dryRun) {
        JsonNode spec = review.path("spec");
        String objectNamespace = review.path("metadata").path("namespace").asText("");
        // Upstream's ValidateLocalSubjectAccessReview.
        List<StatusCause> causes = AccessReviewSpecs.validateSubjectSpec(spec);
        if (!AccessReviewSpecs.metadataEmptyExcept(review.path("metadata"), "namespace")) {
            causes.add(AccessReviewSpecs.invalid("metadata", AccessReviewSpecs.objectMeta(review.path("metadata")),
                    "must be empty except for namespace"));
        }
        JsonNode resource = spec.path("resourceAttributes");
        if (resource.isObject() && !resource.path("namespace").asText("").equals(objectNamespace)) {
            causes.add(AccessReviewSpecs.invalid("spec.resourceAttributes.namespace",
                    AccessReviewSpecs.quoted(resource.path("namespace").asText("")), "must match metadata.namespace"));
        }
        if (spec.path("nonResourceAttributes").isObject()) {
            causes.add(AccessReviewSpecs.invalid("spec.nonResourceAttributes",
                    "&" + AccessReviewSpecs.nonResourceAttributes(spec.get("nonResourceAttributes")), "disallowed on this kind of request"));
        }
        if (!causes.isEmpty()) {
            throw Statuses.invalid("authorization.k8s.io", "LocalSubjectAccessReview", "", causes);
        }
        if (namespace.isEmpty()) {
            throw Statuses.badRequest("namespace is required on this type: ");
        }
        if (!namespace.equals(objectNamespace)) {
            throw Statuses.badRequest("spec.resourceAttributes.namespace must match namespace: " + namespace);
        }
        var attributes = AccessReviewSpecs.attributes(AccessReviewSpecs.subject(spec), spec);
        review.set("status", AccessReviewSpecs.status(authorizer.authorize(attributes)));
        return review;
    }
}

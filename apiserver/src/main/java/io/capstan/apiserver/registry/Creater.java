package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;

/**
 * The storage of a create-only resource whose objects are never stored, as upstream's {@code rest.Creater}
 * alone serves TokenReview, SelfSubjectReview and the SubjectAccessReview family: a POST answers a question
 * and the answer is the response. Discovery lists such a resource with the verb {@code create} only; every
 * other verb is a 405.
 */
public interface Creater {

    /**
     * Answers one create request.
     *
     * @param user      who makes the request (after impersonation)
     * @param namespace the namespace of the request path; empty for cluster-scoped resources
     * @param object    the decoded request object, unknown fields pruned, {@code kind} and {@code apiVersion}
     *                  set, {@code metadata.namespace} equal to {@code namespace} when that is not empty
     * @param dryRun    true for {@code dryRun=All}; nothing is stored either way, so most answer as usual
     * @return the response object (kind and apiVersion are set by the caller)
     * @throws io.capstan.common.api.StatusException for bad input, with upstream's reason and code
     */
    ObjectNode create(UserInfo user, String namespace, ObjectNode object, boolean dryRun);
}

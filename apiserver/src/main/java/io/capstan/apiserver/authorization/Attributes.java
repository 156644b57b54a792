package io.capstan.apiserver.authorization;

import io.capstan.apiserver.authentication.UserInfo;

/**
 * What is being asked, as upstream's {@code authorizer.Attributes}.
 *
 * @param user            who asks
 * @param verb            for resource requests the API verb (get, list, watch, create, update, patch, delete,
 *                        deletecollection, or a special verb: impersonate, bind, escalate, use, approve, sign);
 *                        for non-resource requests the lower-case HTTP method
 * @param resourceRequest true for a request on a resource, false for a path such as {@code /healthz} or {@code /api}
 * @param path            the request path (non-resource requests)
 * @param namespace       the namespace, empty for cluster-scoped resources and all-namespace requests
 * @param apiGroup        the API group, empty for the core group
 * @param apiVersion      the API version
 * @param resource        the resource (plural, lower case)
 * @param subresource     the subresource, empty if none
 * @param name            the object's name, empty for list/create/collection requests
 */
public record Attributes(UserInfo user, String verb, boolean resourceRequest, String path, String namespace,
                         String apiGroup, String apiVersion, String resource, String subresource, String name) {

    /** A resource request's attributes. */
    public static Attributes resource(UserInfo user, String verb, String namespace, String apiGroup, String apiVersion,
                                      String resource, String subresource, String name) {
        return new Attributes(user, verb, true, "", namespace, apiGroup, apiVersion, resource, subresource, name);
    }

    /** A non-resource request's attributes. */
    public static Attributes nonResource(UserInfo user, String verb, String path) {
        return new Attributes(user, verb, false, path, "", "", "", "", "", "");
    }
}

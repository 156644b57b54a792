package io.capstan.apiserver.flowcontrol;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.filters.RequestContext;

/**
 * What priority and fairness classifies a request by, as upstream's {@code RequestDigest}: who makes it
 * and what it addresses.
 *
 * @param resourceRequest true for requests that name a resource (then group, resource, subresource and
 *                        namespace apply), false for non-resource requests (then {@code path} applies)
 * @param verb            the API verb ({@code get}, {@code list}, {@code create}, ...) or the lower-case method
 */
public record RequestDigest(UserInfo user, boolean resourceRequest, String verb, String group, String resource,
                            String subresource, String namespace, String path) {

    /** The digest of a request from what earlier filters put in its context. */
    public static RequestDigest of(RequestContext ctx) {
        var info = ctx.info();
        if (ctx.resourceRequest()) {
            return new RequestDigest(ctx.user(), true, ctx.verb(), info.group(), info.resource(),
                    info.subresource() == null ? "" : info.subresource(), info.namespace() == null ? "" : info.namespace(), ctx.path());
        }
        return new RequestDigest(ctx.user(), false, ctx.verb(), "", "", "", "", ctx.path());
    }
}

package io.capstan.apiserver.registry;

import io.capstan.apiserver.authentication.TokenAuthenticator;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.authorization.RuleResolver;
import io.capstan.apiserver.registry.authentication.SelfSubjectReviewStorage;
import io.capstan.apiserver.registry.authentication.TokenReviewStorage;
import io.capstan.apiserver.registry.authorization.LocalSubjectAccessReviewStorage;
import io.capstan.apiserver.registry.authorization.SelfSubjectAccessReviewStorage;
import io.capstan.apiserver.registry.authorization.SelfSubjectRulesReviewStorage;
import io.capstan.apiserver.registry.authorization.SubjectAccessReviewStorage;
import io.capstan.apiserver.table.DefaultTable;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.LocalSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;

import java.util.List;

/**
 * The create-only review resources of authentication.k8s.io/v1 and authorization.k8s.io/v1, answered by the
 * server's token authenticator, authorizer and rule resolver; never stored.
 */
public final class ReviewResources {
    private ReviewResources() {
    }

    /**
     * @param tokens       the union of token authenticators TokenReview runs
     * @param apiAudiences the server's own audiences
     * @param authorizer   the server's authorizer (the access reviews)
     * @param rules        the server's rule resolver (SelfSubjectRulesReview)
     */
    public static List<ResourceDefinition> all(TokenAuthenticator tokens, List<String> apiAudiences, Authorizer authorizer,
                                               RuleResolver rules) {
        return List.of(
                review("authentication.k8s.io", "tokenreviews", "TokenReview", TokenReview.class, true,
                        new TokenReviewStorage(tokens, apiAudiences)),
                review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", SelfSubjectReview.class, true,
                        new SelfSubjectReviewStorage()),
                review("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview", SubjectAccessReview.class, true,
                        new SubjectAccessReviewStorage(authorizer)),
                review("authorization.k8s.io", "localsubjectaccessreviews", "LocalSubjectAccessReview",
                        LocalSubjectAccessReview.class, false, new LocalSubjectAccessReviewStorage(authorizer)),
                review("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview",
                        SelfSubjectAccessReview.class, true, new SelfSubjectAccessReviewStorage(authorizer)),
                review("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview",
                        SelfSubjectRulesReview.class, true, new SelfSubjectRulesReviewStorage(rules)));
    }

    /**
     * {@code served} with {@code reviews} where upstream's {@code /apis} lists their groups: after events.k8s.io
     * (at the end when that group is not served).
     */
    public static List<ResourceDefinition> insert(List<ResourceDefinition> served, List<ResourceDefinition> reviews) {
        int at = served.size();
        for (int i = 0; i < served.size(); i++) {
            if (served.get(i).group().equals("events.k8s.io")) {
                at = i + 1;
            }
        }
        List<ResourceDefinition> out = new java.util.ArrayList<>(served);
        out.addAll(at, reviews);
        return out;
    }

    private static ResourceDefinition review(String group, String resource, String kind, Class<?> model, boolean clusterScoped,
                                             Creater creater) {
        ResourceDefinition.Builder b = ResourceDefinition.builder(group, "v1", resource, kind)
                .table(new DefaultTable()).model(model).createOnly(creater);
        return (clusterScoped ? b.clusterScoped() : b).build();
    }
}

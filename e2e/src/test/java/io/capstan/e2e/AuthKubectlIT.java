package io.capstan.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kubectl auth whoami}, {@code auth can-i} and {@code api-resources} for the review APIs, through the
 * aggregator to the API server, with kubectl's {@code --as} impersonation. The answers hold for the admin user
 * whether the server allows everything or runs RBAC ({@code system:masters} is {@code cluster-admin}).
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class AuthKubectlIT {

    private static List<String> rows(String out) {
        return out.lines().map(l -> l.trim().replaceAll("\\s+", " ")).toList();
    }

    @Test
    void whoamiPrintsTheImpersonatedUser(Kubectl kubectl) {
        Kubectl.Result r = kubectl.run("auth", "whoami", "--as", "alice", "--as-group", "devs").assertOk();
        assertEquals(List.of("ATTRIBUTE VALUE", "Username alice", "Groups [devs system:authenticated]"), rows(r.stdout()));
        Kubectl.Result sa = kubectl.run("auth", "whoami", "--as", "system:serviceaccount:kube-system:builder").assertOk();
        assertEquals(List.of("ATTRIBUTE VALUE", "Username system:serviceaccount:kube-system:builder",
                "Groups [system:serviceaccounts system:serviceaccounts:kube-system system:authenticated]"), rows(sa.stdout()));
    }

    @Test
    void canIAndItsListAnswerForTheAdmin(Kubectl kubectl) {
        assertEquals("yes\n", kubectl.run("auth", "can-i", "create", "deployments.apps", "-n", "default").assertOk().stdout());
        List<String> rules = rows(kubectl.run("auth", "can-i", "--list", "-n", "default").assertOk().stdout());
        assertEquals("Resources Non-Resource URLs Resource Names Verbs", rules.get(0));
        assertTrue(rules.contains("*.* [] [] [*]"), rules.toString());
    }

    @Test
    void apiResourcesListsTheReviewsAsCreateOnly(Kubectl kubectl) {
        List<String> rows = rows(kubectl.run("api-resources", "--api-group=authentication.k8s.io", "-o", "wide").assertOk().stdout());
        assertTrue(rows.contains("selfsubjectreviews authentication.k8s.io/v1 false SelfSubjectReview create"), rows.toString());
        assertTrue(rows.contains("tokenreviews authentication.k8s.io/v1 false TokenReview create"), rows.toString());
        List<String> authz = kubectl.run("api-resources", "--api-group=authorization.k8s.io", "-o", "name").assertOk().stdout()
                .lines().sorted().toList();
        assertEquals(List.of("localsubjectaccessreviews.authorization.k8s.io", "selfsubjectaccessreviews.authorization.k8s.io",
                "selfsubjectrulesreviews.authorization.k8s.io", "subjectaccessreviews.authorization.k8s.io"), authz);
    }
}

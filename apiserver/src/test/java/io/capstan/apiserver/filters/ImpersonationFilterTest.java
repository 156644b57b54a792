package io.capstan.apiserver.filters;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.common.api.StatusException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Upstream's WithImpersonation: what is checked with the impersonate verb, the user that results, the refusals. */
class ImpersonationFilterTest {
    static final UserInfo ADMIN = new UserInfo("admin", "", List.of("system:masters", "system:authenticated"), Map.of());

    private final List<Attributes> asked = new ArrayList<>();

    /** Allows everything except what {@code refuse} names (resource/name), recording each question. */
    private ImpersonationFilter filter(String refuse) {
        return new ImpersonationFilter(a -> {
            asked.add(a);
            return (a.resource() + "/" + a.name()).equals(refuse)
                    ? AuthorizationDecision.noOpinion("") : AuthorizationDecision.allow("");
        });
    }

    private static Map<String, List<String>> headers(String... nameValues) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.computeIfAbsent(nameValues[i].toLowerCase(), k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return h;
    }

    private static String describe(Attributes a) {
        return a.verb() + " " + a.apiGroup() + "/" + a.resource() + (a.subresource().isEmpty() ? "" : "/" + a.subresource())
                + " ns=" + a.namespace() + " name=" + a.name() + " by " + a.user().username();
    }

    @Test
    void noHeadersNoImpersonation() {
        assertNull(filter("").impersonate(ADMIN, Map.of()));
    }

    @Test
    void aUserWithGroupsExtraAndUidIsCheckedPieceByPiece() {
        UserInfo u = filter("").impersonate(ADMIN, headers("Impersonate-User", "jane", "Impersonate-Group", "devs",
                "Impersonate-Group", "ops", "Impersonate-Extra-Scopes", "view", "Impersonate-Extra-Scopes", "edit",
                "Impersonate-Extra-example.com%2fteam", "blue", "Impersonate-Uid", "u-42"));
        assertEquals(new UserInfo("jane", "u-42", List.of("devs", "ops", "system:authenticated"),
                Map.of("scopes", List.of("view", "edit"), "example.com/team", List.of("blue"))), u);
        assertEquals(List.of(
                "impersonate /users ns= name=jane by admin",
                "impersonate /groups ns= name=devs by admin",
                "impersonate /groups ns= name=ops by admin",
                "impersonate authentication.k8s.io/userextras/scopes ns= name=view by admin",
                "impersonate authentication.k8s.io/userextras/scopes ns= name=edit by admin",
                "impersonate authentication.k8s.io/userextras/example.com/team ns= name=blue by admin",
                "impersonate authentication.k8s.io/uids ns= name=u-42 by admin"), asked.stream().map(ImpersonationFilterTest::describe).toList());
    }

    @Test
    void aServiceAccountIsCheckedInItsNamespaceAndGetsItsGroups() {
        UserInfo u = filter("").impersonate(ADMIN, headers("Impersonate-User", "system:serviceaccount:ns1:builder"));
        assertEquals(new UserInfo("system:serviceaccount:ns1:builder", "",
                List.of("system:serviceaccounts", "system:serviceaccounts:ns1", "system:authenticated"), Map.of()), u);
        assertEquals("impersonate /serviceaccounts ns=ns1 name=builder by admin", describe(asked.get(0)));
    }

    @Test
    void explicitGroupsReplaceAServiceAccountsGroups() {
        UserInfo u = filter("").impersonate(ADMIN, headers("Impersonate-User", "system:serviceaccount:ns1:builder",
                "Impersonate-Group", "system:unauthenticated"));
        assertEquals(List.of("system:unauthenticated"), u.groups());
    }

    @Test
    void anonymousGetsUnauthenticatedNotAuthenticated() {
        UserInfo u = filter("").impersonate(ADMIN, headers("Impersonate-User", "system:anonymous"));
        assertEquals(List.of("system:unauthenticated"), u.groups());
    }

    @ParameterizedTest
    @CsvSource({
            "system:serviceaccount:ns1, User",
            "system:serviceaccount:ns1:a:b, User",
            "system:serviceaccount:NS:a, User",
            "system:serviceaccount:ns1:a.b, ServiceAccount"})
    void onlyValidServiceAccountNamesAreServiceAccounts(String user, String kind) {
        assertEquals(kind, ImpersonationFilter.requests(headers("Impersonate-User", user)).get(0).kind());
    }

    @Test
    void groupsExtraOrUidWithoutAUserAreRefused() {
        for (String[] h : List.of(new String[] {"Impersonate-Group", "devs"}, new String[] {"Impersonate-Extra-a", "b"},
                new String[] {"Impersonate-Uid", "u"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> filter("").impersonate(ADMIN, headers(h)));
            assertEquals(true, e.getMessage().endsWith("without impersonating a user"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> filter("").impersonate(ADMIN, headers("Impersonate-Group", "devs")));
        assertEquals("requested [{Group  devs    }] without impersonating a user", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "users/root|Impersonate-User|root|users \"root\" is forbidden: User \"admin\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope",
            "groups/system:masters|Impersonate-Group|system:masters|groups \"system:masters\" is forbidden: User \"admin\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope",
            "serviceaccounts/sa|Impersonate-User|system:serviceaccount:kube-system:sa|serviceaccounts \"sa\" is forbidden: User \"admin\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"kube-system\"",
            "userextras/v|Impersonate-Extra-Scopes|v|userextras.authentication.k8s.io \"v\" is forbidden: User \"admin\" cannot impersonate resource \"userextras/scopes\" in API group \"authentication.k8s.io\" at the cluster scope",
            "uids/u1|Impersonate-Uid|u1|uids.authentication.k8s.io \"u1\" is forbidden: User \"admin\" cannot impersonate resource \"uids\" in API group \"authentication.k8s.io\" at the cluster scope"})
    void theFirstRefusalIsForbiddenWithUpstreamsMessage(String refuse, String header, String value, String message) {
        Map<String, List<String>> h = header.equals("Impersonate-User") ? headers(header, value)
                : headers("Impersonate-User", "jane", header, value);
        StatusException e = assertThrows(StatusException.class, () -> filter(refuse).impersonate(ADMIN, h));
        assertEquals(403, e.code());
        assertEquals("Forbidden", e.status().getReason());
        assertEquals(message, e.status().getMessage());
    }

    @Test
    void aRefusalsReasonIsAppended() {
        ImpersonationFilter f = new ImpersonationFilter(a -> AuthorizationDecision.deny("no impersonation here"));
        StatusException e = assertThrows(StatusException.class, () -> f.impersonate(ADMIN, headers("Impersonate-User", "x")));
        assertEquals("users \"x\" is forbidden: User \"admin\" cannot impersonate resource \"users\" in API group \"\" at the "
                + "cluster scope: no impersonation here", e.status().getMessage());
        assertEquals("users", e.status().getDetails().getKind());
        assertEquals("x", e.status().getDetails().getName());
    }

    @ParameterizedTest
    @CsvSource({"scopes, scopes", "example.com%2fteam, example.com/team", "a%zz, a%zz", "with+plus, with+plus", "%e2%9c%93, \u2713"})
    void extraKeysArePathUnescaped(String encoded, String key) {
        assertEquals(key, ImpersonationFilter.unescapeExtraKey(encoded));
    }
}

package io.capstan.apiserver.authorization;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.server.UsageException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizationModesTest {
    static final Attributes ANON_GET = Attributes.nonResource(UserInfo.ANONYMOUS, "get", "/x");
    static final Attributes MASTER_GET = Attributes.nonResource(new UserInfo("root", "", List.of("system:masters"), Map.of()), "get", "/x");

    @Test
    void parsesUpstreamNamesInOrder() {
        assertEquals(List.of("RBAC", "AlwaysDeny"), AuthorizationModes.parse("RBAC, AlwaysDeny").modes());
        assertTrue(assertThrows(UsageException.class, () -> AuthorizationModes.parse("rbac")).getMessage().contains("not a valid mode"));
        assertTrue(assertThrows(UsageException.class, () -> AuthorizationModes.parse("RBAC,RBAC")).getMessage().contains("already been specified"));
        assertTrue(assertThrows(UsageException.class, () -> AuthorizationModes.parse("")).getMessage().contains("at least one"));
        assertEquals(List.of("Webhook"), AuthorizationModes.parse("Webhook").modes());
        assertTrue(assertThrows(UsageException.class, () -> AuthorizationModes.parse("Node")).getMessage().contains("not supported"));
    }

    @Test
    void chainAllowsSystemMastersFirstThenModesInOrder() {
        Authorizer denyAll = AuthorizationModes.parse("AlwaysDeny").build(() -> null);
        AuthorizationDecision d = denyAll.authorize(ANON_GET);
        assertEquals(AuthorizationDecision.Decision.DENY, d.decision());
        assertEquals("Everything is forbidden.", d.reason());
        assertTrue(denyAll.authorize(MASTER_GET).allowed());
        Authorizer noOpinionThenAllow = AuthorizationModes.parse("RBAC,AlwaysAllow").build(() -> a -> AuthorizationDecision.noOpinion("RBAC: x"));
        assertTrue(noOpinionThenAllow.authorize(ANON_GET).allowed());
        Authorizer twoNoOpinions = new UnionAuthorizer(List.of(a -> AuthorizationDecision.noOpinion("a"), a -> AuthorizationDecision.noOpinion("b")));
        assertEquals("a\nb", twoNoOpinions.authorize(ANON_GET).reason());
    }
}

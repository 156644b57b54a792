package io.capstan.controllermanager.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.controller.Request;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.ThreadSafeIndexer;
import io.capstan.common.json.Json;
import io.capstan.common.jwt.JsonWebToken;
import io.capstan.common.jwt.LegacyClaims;
import io.capstan.common.jwt.TokenGenerator;
import io.capstan.controllermanager.InMemoryResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The legacy tokens controller: token Secrets of existing accounts are filled; those of gone accounts deleted. */
class TokensControllerTest {
    static final byte[] CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8);
    static final KeyPair KEY;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KEY = g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    final ThreadSafeIndexer<Secret> secretCache = new ThreadSafeIndexer<>();
    final ThreadSafeIndexer<ServiceAccount> saCache = new ThreadSafeIndexer<>();
    final InMemoryResource secrets = new InMemoryResource("secrets");
    final InMemoryResource serviceAccounts = new InMemoryResource("serviceaccounts");
    TokensController controller;

    @BeforeEach
    void setUp() {
        controller = new TokensController(new Lister<>(secretCache), new Lister<>(saCache), secrets, serviceAccounts,
                new TokenGenerator(LegacyClaims.ISSUER, KEY.getPrivate(), KEY.getPublic()), CA);
    }

    ServiceAccount serviceAccount(String name, String uid) {
        ObjectNode sa = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ServiceAccount");
        sa.putObject("metadata").put("name", name).put("namespace", "team").put("uid", uid);
        serviceAccounts.put(sa);
        ServiceAccount typed = Json.MAPPER.convertValue(sa, ServiceAccount.class);
        saCache.add(typed);
        return typed;
    }

    ObjectNode secret(String name, String sa, String uid) {
        ObjectNode s = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Secret").put("type", TokensController.SECRET_TYPE);
        ObjectNode ann = s.putObject("metadata").put("name", name).put("namespace", "team").putObject("annotations");
        ann.put(TokensController.NAME_ANNOTATION, sa);
        if (uid != null) {
            ann.put(TokensController.UID_ANNOTATION, uid);
        }
        ObjectNode stored = secrets.put(s);
        secretCache.add(Json.MAPPER.convertValue(stored, Secret.class));
        return stored;
    }

    static String decoded(ObjectNode secret, String key) {
        return new String(Base64.getDecoder().decode(secret.path("data").path(key).asText()), StandardCharsets.UTF_8);
    }

    @Test
    void fillsATokenSecretOfAnExistingAccount() {
        serviceAccount("builder", "sa-uid");
        secret("builder-token", "builder", null);
        controller.reconcile(new Request("team", "builder-token"));
        ObjectNode filled = secrets.namespace("team").get("builder-token");
        assertEquals(new String(CA, StandardCharsets.UTF_8), decoded(filled, "ca.crt"));
        assertEquals("team", decoded(filled, "namespace"));
        assertEquals("sa-uid", filled.path("metadata").path("annotations").path(TokensController.UID_ANNOTATION).asText());
        JsonWebToken jwt = JsonWebToken.parse(decoded(filled, "token")).orElseThrow();
        assertTrue(jwt.verify(KEY.getPublic()));
        assertEquals(LegacyClaims.ISSUER, jwt.claims().path("iss").asText());
        assertEquals("system:serviceaccount:team:builder", jwt.claims().path("sub").asText());
        assertEquals("builder-token", jwt.claims().path(LegacyClaims.SECRET_NAME).asText());
        assertEquals("sa-uid", jwt.claims().path(LegacyClaims.SERVICE_ACCOUNT_UID).asText());
    }

    @Test
    void completeSecretIsLeftAlone() {
        serviceAccount("builder", "sa-uid");
        secret("builder-token", "builder", null);
        controller.reconcile(new Request("team", "builder-token"));
        ObjectNode filled = secrets.namespace("team").get("builder-token");
        secretCache.update(Json.MAPPER.convertValue(filled, Secret.class));
        int writes = secrets.writes.size();
        controller.reconcile(new Request("team", "builder-token"));
        assertEquals(writes, secrets.writes.size());
        assertEquals(decoded(filled, "token"), decoded(secrets.namespace("team").get("builder-token"), "token"), "an existing token is kept");
    }

    @Test
    void secretOfAMissingOrRecreatedAccountIsDeleted() {
        secret("orphan-token", "ghost", null);
        controller.reconcile(new Request("team", "orphan-token"));
        assertEquals(List.of("delete team/orphan-token"), secrets.writes);

        serviceAccount("builder", "new-uid");
        secret("stale-token", "builder", "old-uid");
        controller.reconcile(new Request("team", "stale-token"));
        assertFalse(secrets.objects.containsKey("team/stale-token"));
    }

    @Test
    void otherSecretsAreIgnored() {
        ObjectNode s = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "Secret").put("type", "Opaque");
        s.putObject("metadata").put("name", "plain").put("namespace", "team");
        secretCache.add(Json.MAPPER.convertValue(secrets.put(s), Secret.class));
        controller.reconcile(new Request("team", "plain"));
        controller.reconcile(new Request("team", "absent"));
        assertTrue(secrets.writes.isEmpty());
    }

    @Test
    void serviceAccountMapsToItsTokenSecrets() {
        secret("a-token", "a", null);
        secret("b-token", "b", null);
        assertEquals(List.of("a-token"), TokensController.tokenSecrets(new Lister<>(secretCache), "team", "a").stream()
                .map(s -> s.getMetadata().getName()).toList());
    }
}

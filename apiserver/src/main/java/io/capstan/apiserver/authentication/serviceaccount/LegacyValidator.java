package io.capstan.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.common.jwt.LegacyClaims;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * Legacy, Secret-based tokens (issuer {@code kubernetes/serviceaccount}), as upstream's {@code legacyValidator}:
 * the claims must name the account, its uid, its namespace and the Secret, and agree with the subject; with
 * lookup on, the Secret must still exist, not be deleting, and hold this very token, and the account must exist
 * with the same uid.
 */
public final class LegacyValidator implements Validator {
    /** Upstream's {@code LegacyIssuer}. */
    public static final String LEGACY_ISSUER = LegacyClaims.ISSUER;
    static final String NAMESPACE_CLAIM = LegacyClaims.NAMESPACE;
    static final String SECRET_NAME_CLAIM = LegacyClaims.SECRET_NAME;
    static final String SERVICE_ACCOUNT_NAME_CLAIM = LegacyClaims.SERVICE_ACCOUNT_NAME;
    static final String SERVICE_ACCOUNT_UID_CLAIM = LegacyClaims.SERVICE_ACCOUNT_UID;

    private final boolean lookup;
    private final ServiceAccountTokenGetter getter;

    /** @param lookup whether to check the Secret and the account in storage ({@code --service-account-lookup}) */
    public LegacyValidator(boolean lookup, ServiceAccountTokenGetter getter) {
        this.lookup = lookup;
        this.getter = getter;
    }

    /** The claims of a legacy token for this account and Secret (without {@code iss}, which the generator adds). */
    public static ObjectNode claims(String namespace, String serviceAccountName, String serviceAccountUid, String secretName) {
        return LegacyClaims.of(namespace, serviceAccountName, serviceAccountUid, secretName);
    }

    @Override
    public ServiceAccountInfo validate(String token, ObjectNode claims) throws AuthenticationException {
        String subject = claims.path("sub").asText("");
        if (subject.isEmpty()) {
            throw new AuthenticationException("sub claim is missing");
        }
        String namespace = required(claims, NAMESPACE_CLAIM, "namespace");
        String secretName = required(claims, SECRET_NAME_CLAIM, "secretName");
        String saName = required(claims, SERVICE_ACCOUNT_NAME_CLAIM, "serviceAccountName");
        String saUid = required(claims, SERVICE_ACCOUNT_UID_CLAIM, "serviceAccountUID");
        String[] split = ServiceAccountInfo.splitUsername(subject);
        if (split == null || !split[0].equals(namespace) || !split[1].equals(saName)) {
            throw new AuthenticationException("sub claim is invalid");
        }
        if (lookup) {
            Optional<ObjectNode> secret = getter.secret(namespace, secretName);
            if (secret.isEmpty() || deleting(secret.get()) || !MessageDigest.isEqual(
                    base64(secret.get().path("data").path("token")), token.getBytes(StandardCharsets.UTF_8))) {
                throw new AuthenticationException("Token has been invalidated");
            }
            if (!secret.get().path("metadata").path("labels").path("kubernetes.io/legacy-token-invalid-since").isMissingNode()) {
                throw new AuthenticationException("Token has been invalidated");
            }
            Optional<ObjectNode> sa = getter.serviceAccount(namespace, saName);
            if (sa.isEmpty() || deleting(sa.get())) {
                throw new AuthenticationException("Service account has been deleted " + namespace + "/" + saName);
            }
            String uid = sa.get().path("metadata").path("uid").asText("");
            if (!uid.equals(saUid)) {
                throw new AuthenticationException("Service account UID (" + uid + ") does not match claim (" + saUid + ")");
            }
        }
        return new ServiceAccountInfo(namespace, saName, saUid, "", "", "", "", "");
    }

    private static String required(ObjectNode claims, String claim, String what) throws AuthenticationException {
        String v = claims.path(claim).asText("");
        if (v.isEmpty()) {
            throw new AuthenticationException(what + " claim is missing");
        }
        return v;
    }

    static boolean deleting(JsonNode obj) {
        JsonNode ts = obj.path("metadata").path("deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
    }

    private static byte[] base64(JsonNode value) {
        try {
            return value.isTextual() ? Base64.getDecoder().decode(value.asText()) : new byte[0];
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}

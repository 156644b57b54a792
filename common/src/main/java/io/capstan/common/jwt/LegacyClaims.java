package io.capstan.common.jwt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

/**
 * The claims of a legacy, Secret-based service-account token, as upstream's {@code legacyPrivateClaims}: issued
 * by the tokens controller into {@code kubernetes.io/service-account-token} Secrets, checked by the API server.
 */
public final class LegacyClaims {
    /** Upstream's {@code LegacyIssuer}. */
    public static final String ISSUER = "kubernetes/serviceaccount";
    public static final String NAMESPACE = "kubernetes.io/serviceaccount/namespace";
    public static final String SECRET_NAME = "kubernetes.io/serviceaccount/secret.name";
    public static final String SERVICE_ACCOUNT_NAME = "kubernetes.io/serviceaccount/service-account.name";
    public static final String SERVICE_ACCOUNT_UID = "kubernetes.io/serviceaccount/service-account.uid";

    private LegacyClaims() {
    }

    /** The claims for this account and Secret, without {@code iss} (the generator adds it). */
    public static ObjectNode of(String namespace, String serviceAccountName, String serviceAccountUid, String secretName) {
        return Json.MAPPER.createObjectNode()
                .put("sub", "system:serviceaccount:" + namespace + ":" + serviceAccountName)
                .put(NAMESPACE, namespace)
                .put(SECRET_NAME, secretName)
                .put(SERVICE_ACCOUNT_NAME, serviceAccountName)
                .put(SERVICE_ACCOUNT_UID, serviceAccountUid);
    }
}

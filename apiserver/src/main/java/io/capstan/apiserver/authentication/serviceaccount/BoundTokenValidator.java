package io.capstan.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Bound tokens (what TokenRequest issues), as upstream's {@code validator} in {@code claims.go}: {@code exp},
 * {@code nbf} and {@code iat} are checked with upstream's one-minute leeway; the service account must exist
 * with the uid in the {@code kubernetes.io} claim; a bound Secret, Pod or Node must exist with the uid in the
 * claim. Objects whose deletion started before the leeway count as gone.
 */
public final class BoundTokenValidator implements Validator {
    /** go-jose's {@code jwt.DefaultLeeway}. */
    static final Duration LEEWAY = Duration.ofMinutes(1);
    private static final String INVALIDATED = "service account token has been invalidated";

    private final ServiceAccountTokenGetter getter;
    private final Clock clock;

    public BoundTokenValidator(ServiceAccountTokenGetter getter, Clock clock) {
        this.getter = getter;
        this.clock = clock;
    }

    @Override
    public ServiceAccountInfo validate(String token, ObjectNode claims) throws AuthenticationException {
        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        long leeway = LEEWAY.toSeconds();
        if (claims.has("exp") && nowSeconds - leeway > claims.path("exp").asLong()) {
            throw new AuthenticationException("service account token has expired");
        }
        if (claims.has("nbf") && nowSeconds + leeway < claims.path("nbf").asLong()) {
            throw new AuthenticationException("service account token is not valid yet");
        }
        if (claims.has("iat") && nowSeconds + leeway < claims.path("iat").asLong()) {
            throw new AuthenticationException("service account token is issued in the future");
        }
        JsonNode k8s = claims.path("kubernetes.io");
        String namespace = k8s.path("namespace").asText("");
        String saName = k8s.path("serviceaccount").path("name").asText("");
        String saUid = k8s.path("serviceaccount").path("uid").asText("");
        if (namespace.isEmpty() || saName.isEmpty()) {
            throw new AuthenticationException("service account token claims could not be validated: missing kubernetes.io claims");
        }
        Instant invalidIfDeletedBefore = now.minus(LEEWAY);
        Optional<ObjectNode> sa = getter.serviceAccount(namespace, saName);
        if (sa.isEmpty()) {
            throw new AuthenticationException("serviceaccounts \"" + saName + "\" not found");
        }
        if (deletedBefore(sa.get(), invalidIfDeletedBefore)) {
            throw new AuthenticationException("service account " + namespace + "/" + saName + " has been deleted");
        }
        String liveSaUid = uid(sa.get());
        if (!liveSaUid.equals(saUid)) {
            throw new AuthenticationException("service account UID (" + liveSaUid + ") does not match claim (" + saUid + ")");
        }
        JsonNode secretRef = k8s.path("secret");
        if (secretRef.isObject()) {
            Optional<ObjectNode> secret = getter.secret(namespace, secretRef.path("name").asText(""));
            if (secret.isEmpty() || deletedBefore(secret.get(), invalidIfDeletedBefore)) {
                throw new AuthenticationException(INVALIDATED);
            }
            if (!uid(secret.get()).equals(secretRef.path("uid").asText(""))) {
                throw new AuthenticationException("secret UID (" + uid(secret.get()) + ") does not match service account secret ref claim ("
                        + secretRef.path("uid").asText("") + ")");
            }
        }
        String podName = "";
        String podUid = "";
        JsonNode podRef = k8s.path("pod");
        if (podRef.isObject()) {
            Optional<ObjectNode> pod = getter.pod(namespace, podRef.path("name").asText(""));
            if (pod.isEmpty() || deletedBefore(pod.get(), invalidIfDeletedBefore)) {
                throw new AuthenticationException(INVALIDATED);
            }
            if (!uid(pod.get()).equals(podRef.path("uid").asText(""))) {
                throw new AuthenticationException("pod UID (" + uid(pod.get()) + ") does not match service account pod ref claim ("
                        + podRef.path("uid").asText("") + ")");
            }
            podName = podRef.path("name").asText("");
            podUid = podRef.path("uid").asText("");
        }
        String nodeName = "";
        String nodeUid = "";
        JsonNode nodeRef = k8s.path("node");
        if (nodeRef.isObject()) {
            nodeName = nodeRef.path("name").asText("");
            nodeUid = nodeRef.path("uid").asText("");
            // A pod-bound token carries its node for information only; a node-bound token lives and dies with the node.
            if (!podRef.isObject()) {
                Optional<ObjectNode> node = getter.node(nodeName);
                if (node.isEmpty() || deletedBefore(node.get(), invalidIfDeletedBefore)) {
                    throw new AuthenticationException(INVALIDATED);
                }
                if (!uid(node.get()).equals(nodeUid)) {
                    throw new AuthenticationException("node UID (" + uid(node.get()) + ") does not match service account node ref claim ("
                            + nodeUid + ")");
                }
            }
        }
        String jti = claims.path("jti").asText("");
        return new ServiceAccountInfo(namespace, saName, saUid, podName, podUid, jti.isEmpty() ? "" : "JTI=" + jti, nodeName, nodeUid);
    }

    private static String uid(JsonNode obj) {
        return obj.path("metadata").path("uid").asText("");
    }

    private static boolean deletedBefore(JsonNode obj, Instant limit) {
        JsonNode ts = obj.path("metadata").path("deletionTimestamp");
        if (ts.isMissingNode() || ts.isNull()) {
            return false;
        }
        try {
            return Instant.parse(ts.asText()).isBefore(limit);
        } catch (DateTimeParseException e) {
            return true;
        }
    }
}

package io.capstan.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.UuidGenerator;
import io.capstan.common.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * The claims of a bound token, as upstream's {@code token.Claims}: subject, audiences, {@code iat}/{@code nbf}
 * now, {@code exp}, a fresh {@code jti}, and the private {@code kubernetes.io} claim naming the namespace,
 * the service account and the pod, secret or node the token is bound to (a pod-bound token also names the
 * pod's node when it has one).
 */
public final class BoundClaims {
    private BoundClaims() {
    }

    /**
     * @param serviceAccount the account (its name, namespace and uid are used)
     * @param pod            the bound pod, or null
     * @param secret         the bound secret, or null
     * @param node           the bound node, or the pod's node, or null
     * @param nodeName       the node's name when {@code node} is null but the pod names one that does not exist; else null
     */
    public static ObjectNode of(JsonNode serviceAccount, JsonNode pod, JsonNode secret, JsonNode node, String nodeName,
                                Instant now, long expirationSeconds, List<String> audiences) {
        String ns = serviceAccount.path("metadata").path("namespace").asText();
        String name = serviceAccount.path("metadata").path("name").asText();
        ObjectNode claims = Json.MAPPER.createObjectNode();
        var aud = claims.putArray("aud");
        audiences.forEach(aud::add);
        claims.put("exp", now.getEpochSecond() + expirationSeconds);
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UuidGenerator.randomString());
        ObjectNode k8s = claims.putObject("kubernetes.io");
        k8s.put("namespace", ns);
        if (node != null || nodeName != null) {
            ObjectNode ref = k8s.putObject("node");
            ref.put("name", node != null ? node.path("metadata").path("name").asText() : nodeName);
            if (node != null) {
                ref.put("uid", node.path("metadata").path("uid").asText());
            }
        }
        if (pod != null) {
            ref(k8s.putObject("pod"), pod);
        } else if (secret != null) {
            ref(k8s.putObject("secret"), secret);
        }
        ref(k8s.putObject("serviceaccount"), serviceAccount);
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", ServiceAccountInfo.username(ns, name));
        return claims;
    }

    private static void ref(ObjectNode ref, JsonNode obj) {
        ref.put("name", obj.path("metadata").path("name").asText());
        ref.put("uid", obj.path("metadata").path("uid").asText());
    }
}

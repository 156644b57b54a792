package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.serviceaccount.BoundClaims;
import io.capstan.common.jwt.TokenGenerator;
import io.capstan.apiserver.registry.ResourceRegistry;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code token} subresource of service accounts ({@code authentication.k8s.io/v1} TokenRequest), as
 * upstream's {@code TokenREST}: issues a bound token for the account, for the requested audiences (default: the
 * API audiences), valid {@code expirationSeconds} (default 3600, at least 600, at most 2^32, shortened to
 * {@code --service-account-max-token-expiration}), optionally bound to a Pod (running as this account), a
 * Secret or a Node whose uid, when given, must match.
 */
public final class TokenSubresource {
    public static final String GROUP = "authentication.k8s.io";
    public static final String VERSION = "v1";
    public static final String KIND = "TokenRequest";
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    static final long MIN_EXPIRATION_SECONDS = 600;
    static final long MAX_EXPIRATION_SECONDS = 1L << 32;

    private final ResourceRegistry registry;
    private final Optional<TokenGenerator> generator;
    private final List<String> apiAudiences;
    private final Duration maxExpiration;
    private final Clock clock;

    /**
     * @param generator     signs the tokens; without it the subresource answers 404
     * @param apiAudiences  the audiences of a request that names none
     * @param maxExpiration the longest validity granted; zero for no limit
     */
    public TokenSubresource(ResourceRegistry registry, Optional<TokenGenerator> generator, List<String> apiAudiences,
                            Duration maxExpiration, Clock clock) {
        this.registry = registry;
        this.generator = generator;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.maxExpiration = maxExpiration;
        this.clock = clock;
    }

    /** Answers a TokenRequest for service account {@code name} in {@code ns}: the request with its status filled in. */
    public ObjectNode create(String ns, String name, ObjectNode request) {
        if (generator.isEmpty()) {
            throw Statuses.pathNotFound();
        }
        JsonNode meta = request.path("metadata");
        String bodyName = meta.path("name").asText("");
        String bodyNs = meta.path("namespace").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw invalid(name, "metadata.name", bodyName, "must match the service account name if specified");
        }
        if (!bodyNs.isEmpty() && !bodyNs.equals(ns)) {
            throw invalid(name, "metadata.namespace", bodyNs, "must match the service account namespace if specified");
        }
        ObjectNode sa = registry.core("serviceaccounts").get(ns, name);
        ObjectNode out = Json.MAPPER.createObjectNode().put("kind", KIND).put("apiVersion", GROUP + "/" + VERSION);
        ObjectNode outMeta = out.putObject("metadata");
        outMeta.put("name", name).put("namespace", ns);
        Instant now = clock.instant();
        outMeta.put("creationTimestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
        JsonNode spec = request.path("spec");
        ObjectNode outSpec = out.putObject("spec");
        List<String> audiences = new ArrayList<>();
        spec.path("audiences").forEach(a -> audiences.add(a.asText()));
        if (audiences.isEmpty()) {
            audiences.addAll(apiAudiences);
        }
        ArrayNode aud = outSpec.putArray("audiences");
        audiences.forEach(aud::add);
        JsonNode exp = spec.path("expirationSeconds");
        long seconds = exp.isMissingNode() || exp.isNull() ? DEFAULT_EXPIRATION_SECONDS : exp.asLong();
        if (seconds < MIN_EXPIRATION_SECONDS) {
            throw invalid("", "spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes");
        }
        if (seconds > MAX_EXPIRATION_SECONDS) {
            throw invalid("", "spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds");
        }
        if (!maxExpiration.isZero() && seconds > maxExpiration.toSeconds()) {
            seconds = maxExpiration.toSeconds();
        }
        outSpec.put("expirationSeconds", seconds);
        JsonNode pod = null;
        JsonNode secret = null;
        JsonNode node = null;
        String podNodeName = null;
        JsonNode ref = spec.path("boundObjectRef");
        if (ref.isObject()) {
            outSpec.set("boundObjectRef", ref.deepCopy());
            String apiVersion = ref.path("apiVersion").asText("");
            String kind = ref.path("kind").asText("");
            String refName = ref.path("name").asText("");
            int slash = apiVersion.indexOf('/');
            String group = slash < 0 ? "" : apiVersion.substring(0, slash);
            String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
            String uid;
            if (group.isEmpty() && kind.equals("Pod")) {
                pod = registry.core("pods").get(ns, refName);
                if (!name.equals(pod.path("spec").path("serviceAccountName").asText(""))) {
                    throw Statuses.badRequest("cannot bind token for serviceaccount \"" + name
                            + "\" to pod running with different serviceaccount name.");
                }
                uid = pod.path("metadata").path("uid").asText("");
                String nodeName = pod.path("spec").path("nodeName").asText("");
                if (!nodeName.isEmpty()) {
                    try {
                        node = registry.core("nodes").get("", nodeName);
                    } catch (StatusException e) {
                        if (!e.isNotFound()) {
                            throw e;
                        }
                        podNodeName = nodeName; // the node's name alone, as upstream, when it does not exist
                    }
                }
            } else if (group.isEmpty() && kind.equals("Secret")) {
                secret = registry.core("secrets").get(ns, refName);
                uid = secret.path("metadata").path("uid").asText("");
            } else if (group.isEmpty() && kind.equals("Node")) {
                node = registry.core("nodes").get("", refName);
                uid = node.path("metadata").path("uid").asText("");
            } else {
                throw Statuses.badRequest("cannot bind token to object of type " + group + "/" + version + ", Kind=" + kind);
            }
            String refUid = ref.path("uid").asText("");
            if (!refUid.isEmpty() && !refUid.equals(uid)) {
                throw Statuses.conflict(group, kind, refName, "the UID in the bound object reference (" + refUid
                        + ") does not match the UID in record (" + uid + "). The object might have been deleted and then recreated");
            }
        }
        ObjectNode claims = BoundClaims.of(sa, pod, secret, node, podNodeName, now, seconds, audiences);
        ObjectNode status = out.putObject("status");
        status.put("token", generator.get().generateToken(claims));
        status.put("expirationTimestamp", Instant.ofEpochSecond(claims.path("exp").asLong()).toString());
        return out;
    }

    private static StatusException invalid(String name, String field, Object value, String detail) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return Statuses.invalid(GROUP, KIND, name, List.of(Statuses.cause("FieldValueInvalid", field,
                "Invalid value: " + shown + ": " + detail)));
    }
}

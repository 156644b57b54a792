package io.capstan.apiserver.authentication.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.TokenAuthenticator;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.webhook.ExpiringCache;
import io.capstan.apiserver.webhook.GenericWebhook;
import io.capstan.apiserver.webhook.WebhookException;
import io.capstan.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * {@code --authentication-token-webhook-config-file} (upstream's {@code plugin/pkg/authenticator/token/webhook}):
 * a bearer token is sent to a remote service as an authentication.k8s.io/v1 TokenReview, with the audiences wanted
 * (the caller's, else the API server's own, the {@code implicitAudiences}); its {@code status} says who it is.
 * A review that names no audiences counts as one for the implicit audiences. Answers (authenticated or not) are
 * cached for {@code cacheTtl} ({@code --authentication-token-webhook-cache-ttl}, 2m upstream), keyed by a hash of
 * token and audiences; a failed call is not cached and fails authentication with its error.
 */
public final class WebhookTokenAuthenticator implements TokenAuthenticator {
    private static final Logger LOG = Logger.getLogger(WebhookTokenAuthenticator.class.getName());

    private final GenericWebhook webhook;
    private final Duration cacheTtl;
    private final List<String> implicitAudiences;
    private final ExpiringCache<String, Optional<AuthenticationResponse>> cache;

    WebhookTokenAuthenticator(GenericWebhook webhook, Duration cacheTtl, List<String> implicitAudiences, LongSupplier nanoClock) {
        this.webhook = webhook;
        this.cacheTtl = cacheTtl;
        this.implicitAudiences = List.copyOf(implicitAudiences);
        this.cache = new ExpiringCache<>(4096, nanoClock);
    }

    /**
     * The authenticator of {@code --authentication-token-webhook-config-file}.
     *
     * @param implicitAudiences the API server's own audiences ({@code --api-audiences})
     * @throws IllegalArgumentException when the file cannot be read or has no server
     */
    public static WebhookTokenAuthenticator fromConfigFile(Path kubeconfigFile, Duration cacheTtl, List<String> implicitAudiences) {
        return new WebhookTokenAuthenticator(GenericWebhook.fromConfigFile(kubeconfigFile, Duration.ofSeconds(30),
                GenericWebhook.DEFAULT_RETRY_BACKOFF), cacheTtl, implicitAudiences, System::nanoTime);
    }

    @Override
    public Optional<AuthenticationResponse> authenticateToken(String token, List<String> audiences) throws AuthenticationException {
        List<String> wanted = audiences.isEmpty() ? implicitAudiences : audiences;
        String key = key(token, wanted);
        Optional<AuthenticationResponse> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<AuthenticationResponse> answer = review(token, wanted);
        cache.put(key, answer, cacheTtl);
        return answer;
    }

    private Optional<AuthenticationResponse> review(String token, List<String> wanted) throws AuthenticationException {
        ObjectNode review = Json.MAPPER.createObjectNode();
        review.put("apiVersion", "authentication.k8s.io/v1");
        review.put("kind", "TokenReview");
        review.putObject("metadata").putNull("creationTimestamp");
        ObjectNode spec = review.putObject("spec");
        spec.put("token", token);
        if (!wanted.isEmpty()) {
            wanted.forEach(spec.putArray("audiences")::add);
        }
        review.putObject("status").putObject("user");
        JsonNode status;
        try {
            status = webhook.post(review).path("status");
        } catch (WebhookException e) {
            // An outage or bad configuration: logged, and the token is not accepted.
            LOG.severe("Failed to make webhook authenticator request: " + e.getMessage());
            throw new AuthenticationException(e.getMessage(), e);
        }
        List<String> granted = List.of();
        if (!wanted.isEmpty()) {
            List<String> got = strings(status.path("audiences"));
            List<String> against = got.isEmpty() ? implicitAudiences : got;
            granted = wanted.stream().filter(against::contains).toList();
            if (granted.isEmpty()) {
                return Optional.empty();
            }
        }
        if (!status.path("authenticated").asBoolean(false)) {
            String error = status.path("error").asText("");
            if (!error.isEmpty()) {
                throw new AuthenticationException(error);
            }
            return Optional.empty();
        }
        JsonNode user = status.path("user");
        Map<String, List<String>> extra = new LinkedHashMap<>();
        user.path("extra").fields().forEachRemaining(e -> extra.put(e.getKey(), strings(e.getValue())));
        return Optional.of(new AuthenticationResponse(new UserInfo(user.path("username").asText(""),
                user.path("uid").asText(""), strings(user.path("groups")), extra), granted));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    /** The cache key: a hash, so that tokens are not kept in memory in the clear. */
    private static String key(String token, List<String> audiences) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String a : audiences) {
                sha.update(a.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            sha.update((byte) 1);
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

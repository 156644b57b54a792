package io.capstan.apiserver.authorization.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.apiserver.webhook.ExpiringCache;
import io.capstan.apiserver.webhook.GenericWebhook;
import io.capstan.apiserver.webhook.WebhookException;
import io.capstan.common.json.Json;

import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * {@code --authorization-mode=Webhook} (upstream's {@code plugin/pkg/authorizer/webhook}): each question goes to a
 * remote service as an authorization.k8s.io/v1 SubjectAccessReview, and its {@code status} is the answer
 * (allowed, denied, or neither: no opinion). Answers are cached by spec, allowed ones for {@code authorizedTtl}
 * ({@code --authorization-webhook-cache-authorized-ttl}, 5m upstream), the others for {@code unauthorizedTtl}
 * (30s). When the webhook cannot be reached the answer is no opinion, upstream's failure policy.
 */
public final class WebhookAuthorizer implements Authorizer {
    private static final Logger LOG = Logger.getLogger(WebhookAuthorizer.class.getName());

    private final GenericWebhook webhook;
    private final Duration authorizedTtl;
    private final Duration unauthorizedTtl;
    private final ExpiringCache<String, JsonNode> cache;

    WebhookAuthorizer(GenericWebhook webhook, Duration authorizedTtl, Duration unauthorizedTtl, java.util.function.LongSupplier nanoClock) {
        this.webhook = webhook;
        this.authorizedTtl = authorizedTtl;
        this.unauthorizedTtl = unauthorizedTtl;
        this.cache = new ExpiringCache<>(8192, nanoClock);
    }

    /**
     * The authorizer of {@code --authorization-webhook-config-file}.
     *
     * @throws IllegalArgumentException when the file cannot be read or has no server
     */
    public static WebhookAuthorizer fromConfigFile(Path kubeconfigFile, Duration authorizedTtl, Duration unauthorizedTtl) {
        return new WebhookAuthorizer(GenericWebhook.fromConfigFile(kubeconfigFile, Duration.ofSeconds(30),
                GenericWebhook.DEFAULT_RETRY_BACKOFF), authorizedTtl, unauthorizedTtl, System::nanoTime);
    }

    @Override
    public AuthorizationDecision authorize(Attributes attributes) {
        ObjectNode spec = spec(attributes);
        String key = spec.toString();
        JsonNode status = cache.get(key);
        if (status == null) {
            ObjectNode review = Json.MAPPER.createObjectNode();
            review.put("apiVersion", "authorization.k8s.io/v1");
            review.put("kind", "SubjectAccessReview");
            review.putObject("metadata").putNull("creationTimestamp");
            review.set("spec", spec);
            review.putObject("status").put("allowed", false);
            try {
                status = webhook.post(review).path("status");
            } catch (WebhookException e) {
                LOG.severe("Failed to make webhook authorizer request: " + e.getMessage());
                return new AuthorizationDecision(AuthorizationDecision.Decision.NO_OPINION, "", e.getMessage());
            }
            cache.put(key, status, status.path("allowed").asBoolean(false) ? authorizedTtl : unauthorizedTtl);
        }
        boolean allowed = status.path("allowed").asBoolean(false);
        boolean denied = status.path("denied").asBoolean(false);
        String reason = status.path("reason").asText("");
        if (allowed && denied) {
            return new AuthorizationDecision(AuthorizationDecision.Decision.DENY, reason,
                    "webhook subject access review returned both allow and deny response");
        }
        if (denied) {
            return AuthorizationDecision.deny(reason);
        }
        return allowed ? AuthorizationDecision.allow(reason) : AuthorizationDecision.noOpinion(reason);
    }

    /** The review's spec, as upstream fills it: the user, and resource or non-resource attributes, empty fields left out. */
    static ObjectNode spec(Attributes a) {
        ObjectNode spec = Json.MAPPER.createObjectNode();
        if (a.resourceRequest()) {
            ObjectNode r = spec.putObject("resourceAttributes");
            putIfSet(r, "namespace", a.namespace());
            putIfSet(r, "verb", a.verb());
            putIfSet(r, "group", a.apiGroup());
            putIfSet(r, "version", a.apiVersion());
            putIfSet(r, "resource", a.resource());
            putIfSet(r, "subresource", a.subresource());
            putIfSet(r, "name", a.name());
        } else {
            ObjectNode n = spec.putObject("nonResourceAttributes");
            putIfSet(n, "path", a.path());
            putIfSet(n, "verb", a.verb());
        }
        UserInfo user = a.user();
        if (user != null) {
            putIfSet(spec, "user", user.username());
            if (!user.groups().isEmpty()) {
                user.groups().forEach(spec.putArray("groups")::add);
            }
            if (!user.extra().isEmpty()) {
                ObjectNode extra = spec.putObject("extra");
                user.extra().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .forEach(e -> e.getValue().forEach(extra.withArray(e.getKey())::add));
            }
            putIfSet(spec, "uid", user.uid());
        }
        return spec;
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null && !value.isEmpty()) {
            o.put(field, value);
        }
    }
}

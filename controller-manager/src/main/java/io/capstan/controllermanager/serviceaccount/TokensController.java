package io.capstan.controllermanager.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.api.GroupVersionResource;
import io.capstan.common.api.StatusException;
import io.capstan.common.client.ResourceInterface;
import io.capstan.common.client.RestClient;
import io.capstan.common.controller.Controller;
import io.capstan.common.controller.Reconciler;
import io.capstan.common.controller.Request;
import io.capstan.common.controller.Result;
import io.capstan.common.informer.Lister;
import io.capstan.common.informer.SharedInformer;
import io.capstan.common.informer.SharedInformerFactory;
import io.capstan.common.json.Json;
import io.capstan.common.jwt.LegacyClaims;
import io.capstan.common.jwt.TokenGenerator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Fills {@code kubernetes.io/service-account-token} Secrets, as upstream's tokens controller
 * ({@code pkg/controller/serviceaccount/tokens_controller.go}): a Secret of that type naming an existing
 * ServiceAccount (annotation {@code kubernetes.io/service-account.name}, and {@code .uid} when set) gets
 * {@code token} (a legacy JWT signed with {@code --service-account-private-key-file}), {@code ca.crt}
 * ({@code --root-ca-file}) and {@code namespace}; a Secret whose account is gone (or was recreated with another
 * uid) is deleted. A token already present is kept.
 */
public final class TokensController implements Reconciler {
    private static final Logger LOG = Logger.getLogger(TokensController.class.getName());
    /** The controller's upstream name. */
    public static final String NAME = "serviceaccount-token";
    public static final String SECRET_TYPE = "kubernetes.io/service-account-token";
    public static final String NAME_ANNOTATION = "kubernetes.io/service-account.name";
    public static final String UID_ANNOTATION = "kubernetes.io/service-account.uid";
    static final GroupVersionResource SECRETS = new GroupVersionResource("", "v1", "secrets");

    private final Lister<Secret> secrets;
    private final Lister<ServiceAccount> serviceAccounts;
    private final ResourceInterface secretClient;
    private final ResourceInterface serviceAccountClient;
    private final TokenGenerator generator;
    private final byte[] rootCa;

    /**
     * @param generator signs legacy tokens (issuer {@code kubernetes/serviceaccount})
     * @param rootCa    the CA bundle written as {@code ca.crt}; empty writes none
     */
    public TokensController(Lister<Secret> secrets, Lister<ServiceAccount> serviceAccounts, ResourceInterface secretClient,
                            ResourceInterface serviceAccountClient, TokenGenerator generator, byte[] rootCa) {
        this.secrets = secrets;
        this.serviceAccounts = serviceAccounts;
        this.secretClient = secretClient;
        this.serviceAccountClient = serviceAccountClient;
        this.generator = generator;
        this.rootCa = rootCa.clone();
    }

    /** The running controller: Secrets are its resource; a ServiceAccount change queues its token Secrets. */
    public static Controller controller(SharedInformerFactory informers, RestClient client, MeterRegistry metrics,
                                        TokenGenerator generator, byte[] rootCa) {
        SharedInformer<Secret> secretInformer = informers.informerFor(SECRETS, Secret.class);
        SharedInformer<ServiceAccount> saInformer = informers.informerFor(ServiceAccountsController.SERVICE_ACCOUNTS, ServiceAccount.class);
        Lister<Secret> secretLister = secretInformer.lister();
        TokensController reconciler = new TokensController(secretLister, saInformer.lister(), client.resource(SECRETS),
                client.resource(ServiceAccountsController.SERVICE_ACCOUNTS), generator, rootCa);
        return Controller.builder(NAME)
                .forResource(secretInformer)
                .watches(saInformer, sa -> tokenSecrets(secretLister, sa.getMetadata().getNamespace(), sa.getMetadata().getName()).stream()
                        .map(s -> new Request(s.getMetadata().getNamespace(), s.getMetadata().getName())).toList())
                .meterRegistry(metrics)
                .build(reconciler);
    }

    @Override
    public Result reconcile(Request request) {
        Optional<Secret> found = secrets.get(request.namespace(), request.name());
        if (found.isEmpty() || !SECRET_TYPE.equals(found.get().getType()) || found.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.done();
        }
        Secret secret = found.get();
        String ns = request.namespace();
        String saName = annotation(secret, NAME_ANNOTATION);
        if (saName.isEmpty()) {
            return Result.done();
        }
        String wantUid = annotation(secret, UID_ANNOTATION);
        Optional<String> saUid = serviceAccountUid(ns, saName, wantUid);
        if (saUid.isEmpty()) {
            deleteSecret(secret);
            return Result.done();
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String caB64 = Base64.getEncoder().encodeToString(rootCa);
        String nsB64 = Base64.getEncoder().encodeToString(ns.getBytes(StandardCharsets.UTF_8));
        boolean needsToken = data.getOrDefault("token", "").isEmpty();
        boolean needsCa = rootCa.length > 0 && !caB64.equals(data.getOrDefault("ca.crt", ""));
        boolean needsNamespace = data.getOrDefault("namespace", "").isEmpty();
        boolean needsUid = wantUid.isEmpty();
        if (!needsToken && !needsCa && !needsNamespace && !needsUid) {
            return Result.done();
        }
        // Update from the live object (the cache may lag); a conflict is retried by the queue.
        ObjectNode live = secretClient.namespace(ns).get(secret.getMetadata().getName());
        ObjectNode liveData = live.path("data").isObject() ? (ObjectNode) live.get("data") : live.putObject("data");
        if (liveData.path("token").asText("").isEmpty()) {
            String token = generator.generateToken(LegacyClaims.of(ns, saName, saUid.get(), secret.getMetadata().getName()));
            liveData.put("token", Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
        if (rootCa.length > 0) {
            liveData.put("ca.crt", caB64);
        }
        if (liveData.path("namespace").asText("").isEmpty()) {
            liveData.put("namespace", nsB64);
        }
        ObjectNode meta = (ObjectNode) live.get("metadata");
        ObjectNode annotations = meta.path("annotations").isObject() ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
        annotations.put(UID_ANNOTATION, saUid.get());
        secretClient.namespace(ns).update(live);
        LOG.info("populated service account token secret " + ns + "/" + secret.getMetadata().getName());
        return Result.done();
    }

    /** The account's uid when it exists (and has {@code wantUid}, when given); a cache miss is checked live. */
    private Optional<String> serviceAccountUid(String ns, String name, String wantUid) {
        Optional<ServiceAccount> cached = serviceAccounts.get(ns, name);
        if (cached.isPresent() && cached.get().getMetadata().getDeletionTimestamp() == null
                && (wantUid.isEmpty() || wantUid.equals(cached.get().getMetadata().getUid()))) {
            return Optional.of(cached.get().getMetadata().getUid());
        }
        try {
            ObjectNode live = serviceAccountClient.namespace(ns).get(name);
            String uid = live.path("metadata").path("uid").asText("");
            boolean deleting = !live.path("metadata").path("deletionTimestamp").isMissingNode()
                    && !live.path("metadata").path("deletionTimestamp").isNull();
            return !deleting && (wantUid.isEmpty() || wantUid.equals(uid)) ? Optional.of(uid) : Optional.empty();
        } catch (StatusException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void deleteSecret(Secret secret) {
        ObjectNode opts = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions");
        opts.putObject("preconditions").put("uid", secret.getMetadata().getUid());
        try {
            secretClient.namespace(secret.getMetadata().getNamespace()).delete(secret.getMetadata().getName(), opts);
            LOG.info("deleted token secret " + secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName()
                    + " of a service account that no longer exists");
        } catch (StatusException e) {
            if (!e.isNotFound() && e.code() != 409) {
                throw e;
            }
        }
    }

    static String annotation(Secret s, String key) {
        Map<String, String> a = s.getMetadata().getAnnotations();
        return a == null ? "" : a.getOrDefault(key, "");
    }

    /** The token Secrets that name this account. */
    static List<Secret> tokenSecrets(Lister<Secret> secrets, String ns, String saName) {
        return secrets.list(ns).stream().filter(s -> SECRET_TYPE.equals(s.getType()) && saName.equals(annotation(s, NAME_ANNOTATION))).toList();
    }
}

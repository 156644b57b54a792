package io.capstan.apiserver.authentication;

import io.capstan.apiserver.authentication.headerrequest.RequestHeaderAuthenticator;
import io.capstan.apiserver.authentication.serviceaccount.BoundTokenValidator;
import io.capstan.apiserver.authentication.serviceaccount.JwtTokenAuthenticator;
import io.capstan.apiserver.authentication.serviceaccount.LegacyValidator;
import io.capstan.common.jwt.ServiceAccountKeys;
import io.capstan.apiserver.authentication.serviceaccount.ServiceAccountTokenGetter;
import io.capstan.common.jwt.TokenGenerator;
import io.capstan.apiserver.authentication.tokenfile.TokenFileAuthenticator;
import io.capstan.apiserver.authentication.x509.ChainVerifier;
import io.capstan.apiserver.authentication.x509.Verifier;
import io.capstan.apiserver.authentication.x509.X509Authenticator;
import io.capstan.common.client.Pem;
import io.capstan.common.server.Flag;
import io.capstan.common.server.GoDuration;
import io.capstan.common.server.UsageException;
import io.helidon.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The API server's authentication, built from its flags as upstream's {@code BuiltInAuthenticationOptions}
 * and {@code authenticator.Config.New}: the request-header (front proxy) authenticator, x509 client
 * certificates, then bearer tokens (token file, service-account JWTs, legacy and bound) in one union;
 * {@code system:authenticated} is added to whoever it accepts; anonymous comes last, reached only when no
 * credentials were presented. Also what TokenRequest needs: the signing key, issuer and audiences.
 */
public final class Authentication {
    private final Authenticator authenticator;
    private final TokenAuthenticator tokenAuthenticator;
    private final RequestHeaderAuthenticator requestHeader;
    private final List<String> apiAudiences;
    private final TokenGenerator tokenGenerator;
    private final Duration maxTokenExpiration;

    /** Upstream's names and defaults. */
    public static List<Flag> flags() {
        return List.of(
                Flag.bool("anonymous-auth", "authentication.anonymous", true,
                        "enables anonymous requests (user system:anonymous, group system:unauthenticated); requests with invalid credentials are still rejected"),
                Flag.of("client-ca-file", "authentication.client-ca-file", "",
                        "a PEM CA bundle; a client certificate signed by it authenticates as its common name, in the groups of its organizations"),
                Flag.of("token-auth-file", "authentication.token-auth-file", "",
                        "a CSV file of static bearer tokens: token,user,uid,\"group1,group2\""),
                Flag.of("requestheader-client-ca-file", "authentication.requestheader.client-ca-file", "",
                        "the CA bundle that must sign a front proxy's client certificate before its user headers are trusted"),
                Flag.of("requestheader-allowed-names", "authentication.requestheader.allowed-names", "",
                        "comma-separated common names a front proxy's client certificate may have (empty: any signed by the requestheader CA)"),
                Flag.of("requestheader-username-headers", "authentication.requestheader.username-headers", "X-Remote-User",
                        "comma-separated request headers naming the user, the first non-empty one wins"),
                Flag.of("requestheader-group-headers", "authentication.requestheader.group-headers", "X-Remote-Group",
                        "comma-separated request headers naming the groups"),
                Flag.of("requestheader-extra-headers-prefix", "authentication.requestheader.extra-headers-prefix", "X-Remote-Extra-",
                        "comma-separated prefixes of request headers carrying extra user attributes"),
                Flag.of("service-account-key-file", "authentication.service-account.key-files", "",
                        "comma-separated PEM files of public (or private) RSA/ECDSA keys that verify service-account tokens (default: the signing key)"),
                Flag.of("service-account-signing-key-file", "authentication.service-account.signing-key-file", "",
                        "the PEM private key that signs service-account tokens issued by TokenRequest"),
                Flag.of("service-account-issuer", "authentication.service-account.issuers", "",
                        "comma-separated issuer identifiers of service-account tokens; the first signs new tokens, all are accepted"),
                Flag.of("api-audiences", "authentication.api-audiences", "",
                        "comma-separated audiences of the API; tokens for other audiences are rejected (default: the service-account issuers)"),
                Flag.of("service-account-max-token-expiration", "authentication.service-account.max-token-expiration", "0s",
                        "the longest validity TokenRequest grants; longer requests are shortened (0: no limit)"),
                Flag.of("authentication-token-webhook-config-file", "authentication.token-webhook.config-file", "",
                        "a kubeconfig-format file naming a webhook that authenticates bearer tokens with TokenReview (authentication.k8s.io/v1)"),
                Flag.of("authentication-token-webhook-cache-ttl", "authentication.token-webhook.cache-ttl", "2m",
                        "how long the webhook's answers are cached"),
                Flag.bool("service-account-lookup", "authentication.service-account.lookup", true,
                        "check that a legacy service-account token's Secret and account still exist"));
    }

    private Authentication(Authenticator authenticator, TokenAuthenticator tokenAuthenticator, RequestHeaderAuthenticator requestHeader,
                           List<String> apiAudiences, TokenGenerator tokenGenerator, Duration maxTokenExpiration) {
        this.authenticator = authenticator;
        this.tokenAuthenticator = tokenAuthenticator;
        this.requestHeader = requestHeader;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.tokenGenerator = tokenGenerator;
        this.maxTokenExpiration = maxTokenExpiration;
    }

    /**
     * @param config the API server's configuration (the keys of {@link #flags()})
     * @param getter reads the objects service-account tokens name
     * @throws UsageException when the flags do not fit together or a file cannot be read
     */
    public static Authentication fromConfig(Config config, ServiceAccountTokenGetter getter, Clock clock) {
        Config auth = config.get("authentication");
        try {
            List<Authenticator> authenticators = new ArrayList<>();
            RequestHeaderAuthenticator requestHeader = null;
            String requestHeaderCa = auth.get("requestheader.client-ca-file").asString().orElse("");
            if (!requestHeaderCa.isEmpty()) {
                requestHeader = new RequestHeaderAuthenticator(
                        list(auth, "requestheader.username-headers", "X-Remote-User"),
                        list(auth, "requestheader.group-headers", "X-Remote-Group"),
                        list(auth, "requestheader.extra-headers-prefix", "X-Remote-Extra-"));
                authenticators.add(new Verifier(new ChainVerifier(certificates(requestHeaderCa)),
                        list(auth, "requestheader.allowed-names", ""), requestHeader));
            }
            String clientCa = auth.get("client-ca-file").asString().orElse("");
            if (!clientCa.isEmpty()) {
                authenticators.add(new X509Authenticator(new ChainVerifier(certificates(clientCa))));
            }

            List<String> issuers = list(auth, "service-account.issuers", "");
            List<String> apiAudiences = list(auth, "api-audiences", "");
            if (apiAudiences.isEmpty()) {
                apiAudiences = issuers;
            }
            String signingKeyFile = auth.get("service-account.signing-key-file").asString().orElse("");
            List<String> keyFiles = list(auth, "service-account.key-files", "");
            if (keyFiles.isEmpty() && !signingKeyFile.isEmpty()) {
                keyFiles = List.of(signingKeyFile);
            }
            TokenGenerator generator = null;
            if (!signingKeyFile.isEmpty()) {
                if (issuers.isEmpty()) {
                    throw new UsageException("--service-account-issuer is required with --service-account-signing-key-file");
                }
                KeyPair pair = ServiceAccountKeys.signingKey(Path.of(signingKeyFile));
                generator = new TokenGenerator(issuers.get(0), pair.getPrivate(), pair.getPublic());
            }
            Duration maxExpiration = GoDuration.parse(auth.get("service-account.max-token-expiration").asString().orElse("0s"));
            if (!maxExpiration.isZero() && (maxExpiration.compareTo(Duration.ofHours(1)) < 0
                    || maxExpiration.compareTo(Duration.ofSeconds(1L << 32)) > 0)) {
                throw new UsageException("the --service-account-max-token-expiration must be between 1 hour and 2^32 seconds");
            }

            List<TokenAuthenticator> tokenAuthenticators = new ArrayList<>();
            String tokenFile = auth.get("token-auth-file").asString().orElse("");
            if (!tokenFile.isEmpty()) {
                tokenAuthenticators.add(TokenFileAuthenticator.read(Path.of(tokenFile)));
            }
            if (!keyFiles.isEmpty()) {
                List<PublicKey> keys = new ArrayList<>();
                for (String f : keyFiles) {
                    keys.addAll(ServiceAccountKeys.publicKeys(Path.of(f)));
                }
                tokenAuthenticators.add(new JwtTokenAuthenticator(List.of(LegacyValidator.LEGACY_ISSUER), keys, apiAudiences,
                        new LegacyValidator(auth.get("service-account.lookup").asBoolean().orElse(true), getter)));
                if (!issuers.isEmpty()) {
                    tokenAuthenticators.add(new JwtTokenAuthenticator(issuers, keys, apiAudiences, new BoundTokenValidator(getter, clock)));
                }
            }
            String webhookConfig = auth.get("token-webhook.config-file").asString().orElse("");
            if (!webhookConfig.isEmpty()) {
                tokenAuthenticators.add(io.capstan.apiserver.authentication.webhook.WebhookTokenAuthenticator.fromConfigFile(
                        Path.of(webhookConfig),
                        GoDuration.parse(auth.get("token-webhook.cache-ttl").asString().orElse("2m")), apiAudiences));
            }
            TokenAuthenticatorUnion tokens = new TokenAuthenticatorUnion(tokenAuthenticators);
            if (!tokens.isEmpty()) {
                authenticators.add(new BearerTokenAuthenticator(tokens, apiAudiences));
            }
            Authenticator chain = new AuthenticatedGroupAdder(AuthenticatorUnion.of(authenticators));
            if (auth.get("anonymous").asBoolean().orElse(true)) {
                chain = AuthenticatorUnion.failOnError(List.of(chain, new AnonymousAuthenticator()));
            }
            TokenAuthenticator forReviews = (token, audiences) -> tokens.authenticateToken(token, audiences)
                    .map(AuthenticatedGroupAdder::withAuthenticatedGroup);
            return new Authentication(chain, forReviews, requestHeader, apiAudiences, generator, maxExpiration);
        } catch (IOException e) {
            throw new UsageException("authentication: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UsageException("authentication: " + e.getCause().getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException("authentication: " + e.getMessage());
        }
    }

    /** What the authentication filter runs: the whole chain, anonymous last when enabled. */
    public Authenticator authenticator() {
        return authenticator;
    }

    /**
     * The bearer-token authenticators (token file, service-account JWTs) as one, with {@code system:authenticated}
     * added; what TokenReview asks.
     */
    public TokenAuthenticator tokenAuthenticator() {
        return tokenAuthenticator;
    }

    /** The front-proxy header authenticator, when {@code --requestheader-client-ca-file} is set. */
    public Optional<RequestHeaderAuthenticator> requestHeader() {
        return Optional.ofNullable(requestHeader);
    }

    /** {@code --api-audiences}, defaulting to the service-account issuers. */
    public List<String> apiAudiences() {
        return apiAudiences;
    }

    /** Signs TokenRequest tokens; empty without {@code --service-account-signing-key-file}. */
    public Optional<TokenGenerator> tokenGenerator() {
        return Optional.ofNullable(tokenGenerator);
    }

    /** {@code --service-account-max-token-expiration}; zero for no limit. */
    public Duration maxTokenExpiration() {
        return maxTokenExpiration;
    }

    private static List<String> list(Config auth, String key, String defaultValue) {
        return Arrays.stream(auth.get(key).asString().orElse(defaultValue).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<java.security.cert.X509Certificate> certificates(String file) {
        try {
            return Pem.certificates(Files.readAllBytes(Path.of(file)), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

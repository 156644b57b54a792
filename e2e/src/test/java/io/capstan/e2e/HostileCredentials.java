package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.client.Pem;
import io.capstan.common.json.Json;
import io.capstan.common.jwt.JsonWebToken;
import io.capstan.common.jwt.LegacyClaims;
import io.capstan.common.jwt.ServiceAccountKeys;
import io.capstan.common.jwt.TokenGenerator;
import io.capstan.common.pki.CertificateAuthority;
import io.capstan.common.pki.CertificateSpec;
import io.capstan.common.pki.IssuedCertificate;
import io.capstan.common.pki.KeyAlgorithm;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The hostile-input suite's forged credentials (issue 6, item 7), each with kube-apiserver 1.32's answer:
 * <ul>
 *   <li>{@code forged-tokens}: bearer JWTs that must not authenticate, sent without a client certificate (upstream
 *       tries x509 before tokens, so a certificate would decide the request): {@code alg: none}, HS256 keyed with
 *       the public key, a wrong RSA or EC key, bad claims (expired, not yet valid, issued in the future, another
 *       audience, another issuer, an account that does not exist or was recreated) signed with the cluster's real
 *       service-account key so that only the claim is wrong, a tampered payload or signature, tokens whose bound
 *       Secret or Pod was deleted, a legacy-issuer token for a Secret that does not exist, garbage. Each is a 401
 *       {@code Unauthorized} (the bearer authenticator's {@code errInvalidAuth}). An empty bearer or another
 *       scheme is no credential at all: upstream's {@code bearertoken.Authenticator} returns "not mine" without
 *       an error, so the request goes on as {@code system:anonymous} and listing pods is a 403.</li>
 *   <li>{@code foreign-certificates}: client certificates the TLS layer accepts (it only requests one) but the
 *       x509 authenticator must refuse: from a freshly made CA (even one named like the cluster CA), self-signed,
 *       expired or not yet valid, serverAuth-only, from the front-proxy CA: 401.</li>
 *   <li>{@code forged-headers}: an anonymous client sending {@code X-Remote-User}/{@code X-Remote-Group} (trusted
 *       only over the front proxy's certificate) or {@code Impersonate-User}: nothing is granted, 403 as
 *       {@code system:anonymous}.</li>
 * </ul>
 * {@link #all} prepares what the tokens need (a service account, a Secret and a Pod tokens are bound to, then
 * deleted) and checks that the genuine tokens it starts from do authenticate, so that each forged one fails for
 * its one defect. Run it before the stored objects are summed.
 */
final class HostileCredentials {
    static final String ACCOUNT = "hostile-auth";
    static final String BOUND = "hostile-auth-bound";
    private static final String NS = "/api/v1/namespaces/default";
    private static final String PODS = NS + "/pods";
    private static final String SECRETS = NS + "/secrets";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LocalControlPlane plane;
    private final HttpClient admin;
    private final X509Certificate clusterCaCertificate;
    private final RawHttp.Connector anonymous;

    private HostileCredentials(LocalControlPlane plane, HttpClient admin) throws Exception {
        this.plane = plane;
        this.admin = admin;
        this.clusterCaCertificate = Pem.certificates(Files.readAllBytes(plane.pki().file("ca.crt")), "ca.crt").get(0);
        this.anonymous = connector(null);
    }

    /** Every case; creates the service account and the bound tokens' objects on {@code plane} first. */
    static List<HostileRequest> all(LocalControlPlane plane) throws Exception {
        try (HttpClient admin = plane.httpClient()) {
            HostileCredentials h = new HostileCredentials(plane, admin);
            List<HostileRequest> out = new ArrayList<>();
            h.forgedTokens(out::add);
            h.foreignCertificates(out::add);
            h.forgedHeaders(out::add);
            return out;
        }
    }

    private void forgedTokens(Consumer<HostileRequest> add) throws Exception {
        String c = "forged-tokens";
        JsonNode account = createIfAbsent(NS + "/serviceaccounts", "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"" + ACCOUNT + "\"}}");
        String accountUid = account.path("metadata").path("uid").asText();
        String genuine = tokenRequest("{}");
        JsonWebToken jwt = JsonWebToken.parse(genuine).orElseThrow(() -> new AssertionError("TokenRequest gave no JWT: " + genuine));
        ObjectNode claims = jwt.claims();
        String issuer = claims.path("iss").asText();
        KeyPair real = ServiceAccountKeys.signingKey(plane.pki().file("sa.key"));
        TokenGenerator realSigner = new TokenGenerator(issuer, real.getPrivate(), real.getPublic());
        // Controls: the genuine token, and its claims signed afresh with the real key, authenticate.
        expectAuthenticated(genuine, "the TokenRequest token");
        expectAuthenticated(realSigner.generateToken(claims), "the TokenRequest claims signed again with sa.key");

        // Tokens bound to a Secret and a Pod that work, then are deleted.
        JsonNode secret = createIfAbsent(SECRETS, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + BOUND + "\"},\"type\":\"Opaque\"}");
        String secretBound = tokenRequest(boundTo("Secret", secret));
        JsonNode pod = createIfAbsent(PODS, "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + BOUND + "\"},\"spec\":{\"serviceAccountName\":\""
                + ACCOUNT + "\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        String podBound = tokenRequest(boundTo("Pod", pod));
        expectAuthenticated(secretBound, "the Secret-bound token before the Secret is deleted");
        expectAuthenticated(podBound, "the Pod-bound token before the Pod is deleted");
        deleteAndWait(SECRETS + "/" + BOUND);
        deleteAndWait(PODS + "/" + BOUND);
        String otherAudience = tokenRequest("{\"audiences\":[\"https://vault.example.com\"]}");

        long now = Instant.now().getEpochSecond();
        ObjectNode header = jwt.header();
        // Unsigned and wrongly signed.
        add.accept(token(c, "alg none, no signature", jws(header.deepCopy().put("alg", "none"), claims, "")));
        add.accept(token(c, "alg none, the original signature", jws(header.deepCopy().put("alg", "none"), claims, part(jwt.signature()))));
        add.accept(token(c, "alg NONE, no signature", jws(header.deepCopy().put("alg", "NONE"), claims, "")));
        add.accept(token(c, "no alg at all", jws(header.deepCopy().without("alg"), claims, part(jwt.signature()))));
        byte[] publicPem = Files.readAllBytes(plane.pki().file("sa.pub"));
        add.accept(token(c, "HS256 keyed with the public key PEM (alg confusion)", hmac(header, claims, publicPem)));
        add.accept(token(c, "HS256 keyed with the public key DER (alg confusion)", hmac(header, claims, real.getPublic().getEncoded())));
        add.accept(token(c, "RS256 with a wrong RSA key and the real kid", signed(header, claims, "RS256", KeyAlgorithm.RSA_2048.generate().getPrivate())));
        add.accept(token(c, "ES256 with a wrong EC key and the real kid", signed(header, claims, "ES256", KeyAlgorithm.ECDSA_P256.generate().getPrivate())));
        add.accept(token(c, "ES256 header on the real RS256 signature", jws(header.deepCopy().put("alg", "ES256"), claims, part(jwt.signature()))));
        add.accept(token(c, "RS256 with an empty signature", jws(header, claims, "")));
        byte[] flipped = jwt.signature().clone();
        flipped[flipped.length / 2] ^= 0x01;
        add.accept(token(c, "one signature bit flipped", jws(header, claims, part(flipped))));
        // Tampered payloads under the original signature.
        String[] parts = genuine.split("\\.");
        add.accept(token(c, "payload tampered: subject system:admin", parts[0] + "." + part(Json.bytes(claims.deepCopy().put("sub", "system:admin"))) + "." + parts[2]));
        add.accept(token(c, "payload tampered: expiry a year later", parts[0] + "." + part(Json.bytes(claims.deepCopy().put("exp", now + 365L * 86_400))) + "." + parts[2]));
        add.accept(token(c, "signature of another token", parts[0] + "." + parts[1] + "." + secretBound.split("\\.")[2]));
        // Signed with the real key; one claim wrong.
        add.accept(token(c, "expired an hour ago", realSigner.generateToken(claims.deepCopy().put("exp", now - 3600).put("iat", now - 7200).put("nbf", now - 7200))));
        add.accept(token(c, "expired beyond the minute of leeway", realSigner.generateToken(claims.deepCopy().put("exp", now - 180))));
        add.accept(token(c, "not valid before an hour from now", realSigner.generateToken(claims.deepCopy().put("nbf", now + 3600))));
        add.accept(token(c, "issued an hour in the future", realSigner.generateToken(claims.deepCopy().put("iat", now + 3600).put("nbf", now - 60))));
        add.accept(token(c, "wrong audience", realSigner.generateToken(claims.deepCopy().set("aud", Json.MAPPER.createArrayNode().add("https://evil.example.com")))));
        add.accept(token(c, "audience as another string", realSigner.generateToken(claims.deepCopy().put("aud", "kubernetes-but-not-quite"))));
        add.accept(token(c, "a TokenRequest token for another audience", otherAudience));
        add.accept(token(c, "wrong issuer", new TokenGenerator("https://evil.example.com", real.getPrivate(), real.getPublic()).generateToken(claims)));
        add.accept(token(c, "issuer with a trailing slash", new TokenGenerator(issuer + "/", real.getPrivate(), real.getPublic()).generateToken(claims)));
        add.accept(token(c, "bound Secret deleted", secretBound));
        add.accept(token(c, "bound Pod deleted", podBound));
        add.accept(token(c, "service account that does not exist", realSigner.generateToken(account(claims, "ghost", UUID.randomUUID().toString()))));
        add.accept(token(c, "service account uid of another incarnation", realSigner.generateToken(account(claims, ACCOUNT, UUID.randomUUID().toString()))));
        add.accept(token(c, "namespace that does not exist", realSigner.generateToken(namespace(claims, "no-such-namespace"))));
        add.accept(token(c, "no kubernetes.io claims", realSigner.generateToken(claims.deepCopy().without("kubernetes.io"))));
        // Legacy (Secret-based) tokens.
        TokenGenerator legacy = new TokenGenerator(LegacyClaims.ISSUER, real.getPrivate(), real.getPublic());
        add.accept(token(c, "legacy issuer, Secret does not exist", legacy.generateToken(LegacyClaims.of("default", ACCOUNT, accountUid, "no-such-secret"))));
        add.accept(token(c, "legacy issuer, subject of another account", legacy.generateToken(
                LegacyClaims.of("default", ACCOUNT, accountUid, "no-such-secret").put("sub", "system:serviceaccount:kube-system:default"))));
        add.accept(token(c, "legacy issuer, alg none", jws(Json.MAPPER.createObjectNode().put("alg", "none"),
                LegacyClaims.of("default", ACCOUNT, accountUid, BOUND).put("iss", LegacyClaims.ISSUER), "")));
        // Not JWTs.
        add.accept(token(c, "garbage", "not-a-jwt"));
        add.accept(token(c, "three dots of garbage", "a.b.c"));
        add.accept(token(c, "only dots", "...."));
        add.accept(token(c, "header and payload not JSON", part("hello".getBytes(StandardCharsets.UTF_8)) + "." + part("world".getBytes(StandardCharsets.UTF_8)) + ".x"));
        add.accept(token(c, "JSON arrays instead of objects", part("[]".getBytes(StandardCharsets.UTF_8)) + "." + part("[]".getBytes(StandardCharsets.UTF_8)) + "."));
        add.accept(token(c, "4 KiB of garbage", "x".repeat(4096)));
        add.accept(token(c, "the token twice", genuine + genuine));
        // No credential at all: anonymous (403 listing pods), as upstream's bearertoken.Authenticator.
        add.accept(authorization(c, "empty bearer", "Bearer", 403, "Forbidden"));
        add.accept(authorization(c, "empty bearer before a second space", "Bearer  " + genuine, 403, "Forbidden"));
        add.accept(authorization(c, "basic scheme", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)), 403, "Forbidden"));
    }

    private void foreignCertificates(Consumer<HostileRequest> add) throws Exception {
        String c = "foreign-certificates";
        List<String> masters = List.of("system:masters");
        CertificateAuthority foreign = CertificateAuthority.generate("hostile-ca");
        add.accept(certificate(c, "another CA, system:admin in system:masters", foreign.issue(CertificateSpec.client("system:admin", masters))));
        add.accept(certificate(c, "another CA, kubernetes-admin", foreign.issue(CertificateSpec.client("kubernetes-admin", masters))));
        CertificateAuthority clusterCa = plane.pki().clusterCa();
        String clusterCaName = commonName(clusterCa.certificate());
        CertificateAuthority lookalike = CertificateAuthority.generate(clusterCaName);
        add.accept(certificate(c, "a CA named like the cluster CA (" + clusterCaName + ")", lookalike.issue(CertificateSpec.client("system:admin", masters))));
        add.accept(certificateChain(c, "another CA, with its CA certificate in the chain", foreign.issue(CertificateSpec.client("system:admin", masters)), foreign.certificate()));
        add.accept(certificateChain(c, "the cluster CA certificate bundled under a foreign leaf", foreign.issue(CertificateSpec.client("system:admin", masters)), clusterCa.certificate()));
        add.accept(new HostileRequest(c, "self-signed: another CA's own certificate", "GET", SECRETS, Map.of("Accept", "application/json"), new byte[0], null,
                401, "Unauthorized", connector(new Identity(new X509Certificate[] {foreign.certificate()}, foreign.privateKey()))));
        Instant now = Instant.now();
        add.accept(certificate(c, "cluster CA, expired yesterday", clusterCa, "system:admin", masters, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), true));
        add.accept(certificate(c, "cluster CA, not valid until tomorrow", clusterCa, "system:admin", masters, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)), true));
        add.accept(certificate(c, "cluster CA, serverAuth only", clusterCa.issue(new CertificateSpec("system:admin", masters, List.of(), List.of(),
                true, false, CertificateSpec.LEAF_VALIDITY))));
        add.accept(certificate(c, "cluster CA, no clientAuth among other usages", clusterCa, "system:admin", masters, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), false));
        CertificateAuthority frontProxyCa = new CertificateAuthority(
                Pem.certificates(Files.readAllBytes(plane.pki().file("front-proxy-ca.crt")), "front-proxy-ca.crt").get(0),
                Pem.privateKey(Files.readAllBytes(plane.pki().file("front-proxy-ca.key")), "front-proxy-ca.key"));
        add.accept(certificate(c, "front-proxy CA, system:admin as a user certificate", frontProxyCa.issue(CertificateSpec.client("system:admin", masters))));
        add.accept(certificate(c, "front-proxy CA, a name not allowed, with X-Remote-User", frontProxyCa.issue(CertificateSpec.client("hostile-proxy", List.of())))
                .withHeader("X-Remote-User", "system:admin").withHeader("X-Remote-Group", "system:masters"));
        add.accept(certificate(c, "another CA, named front-proxy-client, with X-Remote-User", foreign.issue(CertificateSpec.client("front-proxy-client", List.of())))
                .withHeader("X-Remote-User", "system:admin").withHeader("X-Remote-Group", "system:masters"));
    }

    private void forgedHeaders(Consumer<HostileRequest> add) {
        String c = "forged-headers";
        add.accept(anonymous(c, "X-Remote-User system:admin in system:masters", Map.of("X-Remote-User", "system:admin", "X-Remote-Group", "system:masters")));
        add.accept(anonymous(c, "X-Remote-User with an extra", Map.of("X-Remote-User", "system:admin", "X-Remote-Extra-Scopes", "all")));
        add.accept(anonymous(c, "X-Remote-Group system:masters alone", Map.of("X-Remote-Group", "system:masters")));
        add.accept(anonymous(c, "Impersonate-User system:admin", Map.of("Impersonate-User", "system:admin")));
        add.accept(anonymous(c, "Impersonate-User and Impersonate-Group system:masters", Map.of("Impersonate-User", "system:admin", "Impersonate-Group", "system:masters")));
        add.accept(anonymous(c, "Impersonate-User of a service account", Map.of("Impersonate-User", "system:serviceaccount:kube-system:default")));
        add.accept(anonymous(c, "Impersonate-User with X-Remote-User", Map.of("Impersonate-User", "system:admin", "X-Remote-User", "system:admin")));
    }

    // ---- cases

    private HostileRequest token(String category, String name, String token) {
        return authorization(category, name, "Bearer " + token, 401, "Unauthorized");
    }

    private HostileRequest authorization(String category, String name, String authorization, int code, String reason) {
        return new HostileRequest(category, name, "GET", PODS, Map.of("Accept", "application/json", "Authorization", authorization), new byte[0], null,
                code, reason, anonymous);
    }

    private HostileRequest anonymous(String category, String name, Map<String, String> headers) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put("Accept", "application/json");
        return new HostileRequest(category, name, "GET", SECRETS, h, new byte[0], null, 403, "Forbidden", anonymous);
    }

    private HostileRequest certificate(String category, String name, IssuedCertificate cert) throws GeneralSecurityException {
        return certificateChain(category, name, cert);
    }

    private HostileRequest certificateChain(String category, String name, IssuedCertificate cert, X509Certificate... more)
            throws GeneralSecurityException {
        X509Certificate[] chain = new X509Certificate[1 + more.length];
        chain[0] = cert.certificate();
        System.arraycopy(more, 0, chain, 1, more.length);
        return new HostileRequest(category, name, "GET", SECRETS, Map.of("Accept", "application/json"), new byte[0], null, 401, "Unauthorized",
                connector(new Identity(chain, cert.keyPair().getPrivate())));
    }

    /** A client certificate from {@code ca} valid from {@code notBefore} to {@code notAfter}; {@code clientAuth} false: serverAuth and codeSigning only. */
    private HostileRequest certificate(String category, String name, CertificateAuthority ca, String user, List<String> groups,
                                              Instant notBefore, Instant notAfter, boolean clientAuth) throws Exception {
        KeyPair pair = KeyAlgorithm.ECDSA_P256.generate();
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        groups.forEach(g -> subject.addRDN(BCStyle.O, g));
        subject.addRDN(BCStyle.CN, user);
        KeyPurposeId[] usages = clientAuth ? new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}
                : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_codeSigning};
        var builder = new JcaX509v3CertificateBuilder(ca.certificate(), BigInteger.valueOf(System.nanoTime()), Date.from(notBefore), Date.from(notAfter),
                subject.build(), pair.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usages));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(ca.privateKey())).build(ca.privateKey())));
        return certificate(category, name, new IssuedCertificate(cert, pair));
    }

    // ---- tokens

    private static String jws(ObjectNode header, ObjectNode claims, String signature) {
        return part(Json.bytes(header)) + "." + part(Json.bytes(claims)) + "." + signature;
    }

    private static String hmac(ObjectNode header, ObjectNode claims, byte[] key) throws GeneralSecurityException {
        String input = part(Json.bytes(header.deepCopy().put("alg", "HS256"))) + "." + part(Json.bytes(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return input + "." + part(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String signed(ObjectNode header, ObjectNode claims, String alg, PrivateKey key) throws GeneralSecurityException {
        String input = part(Json.bytes(header.deepCopy().put("alg", alg))) + "." + part(Json.bytes(claims));
        Signature s = Signature.getInstance(JsonWebToken.jcaAlgorithm(alg, (Key) key));
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + part(s.sign());
    }

    private static String part(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The claims with another service account (name and uid) in {@code kubernetes.io} and {@code sub}. */
    private static ObjectNode account(ObjectNode claims, String name, String uid) {
        ObjectNode copy = claims.deepCopy();
        ObjectNode sa = (ObjectNode) copy.get("kubernetes.io").get("serviceaccount");
        sa.put("name", name).put("uid", uid);
        copy.put("sub", "system:serviceaccount:" + copy.path("kubernetes.io").path("namespace").asText() + ":" + name);
        return copy;
    }

    private static ObjectNode namespace(ObjectNode claims, String namespace) {
        ObjectNode copy = claims.deepCopy();
        ((ObjectNode) copy.get("kubernetes.io")).put("namespace", namespace);
        copy.put("sub", "system:serviceaccount:" + namespace + ":" + ACCOUNT);
        return copy;
    }

    private static String boundTo(String kind, JsonNode object) {
        return "{\"boundObjectRef\":{\"apiVersion\":\"v1\",\"kind\":\"" + kind + "\",\"name\":\"" + object.path("metadata").path("name").asText()
                + "\",\"uid\":\"" + object.path("metadata").path("uid").asText() + "\"}}";
    }

    // ---- setup over the admin certificate

    private String tokenRequest(String spec) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", NS + "/serviceaccounts/" + ACCOUNT + "/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"spec\":" + spec + "}");
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new AssertionError("TokenRequest " + spec + ": " + r.statusCode() + " " + r.body());
        }
        return Json.tree(r.body().getBytes(StandardCharsets.UTF_8)).path("status").path("token").asText();
    }

    private JsonNode createIfAbsent(String collection, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", collection, body);
        if (r.statusCode() == 409) {
            String name = Json.tree(body.getBytes(StandardCharsets.UTF_8)).path("metadata").path("name").asText();
            r = send("GET", collection + "/" + name, null);
        }
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw new AssertionError("POST " + collection + ": " + r.statusCode() + " " + r.body());
        }
        return Json.tree(r.body().getBytes(StandardCharsets.UTF_8));
    }

    private void deleteAndWait(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send("DELETE", path + "?gracePeriodSeconds=0", null);
        if (r.statusCode() != 200 && r.statusCode() != 202) {
            throw new AssertionError("DELETE " + path + ": " + r.statusCode() + " " + r.body());
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (send("GET", path, null).statusCode() != 404) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " still exists " + TIMEOUT.toSeconds() + " s after its deletion");
            }
            Thread.sleep(200);
        }
    }

    /** A SelfSubjectReview with {@code token} alone (no client certificate) must name the service account. */
    private void expectAuthenticated(String token, String what) throws Exception {
        RawHttp http = new RawHttp(plane.apiserverUrl(), anonymous);
        byte[] body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response r = http.exchange(http.head("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token), body), body, TIMEOUT);
        String user = r.json() == null ? "" : r.json().path("status").path("userInfo").path("username").asText();
        if (r.code() != 201 || !user.equals("system:serviceaccount:default:" + ACCOUNT)) {
            throw new AssertionError(what + " does not authenticate as the service account, so forging it proves nothing: " + r.code() + " " + r.text());
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(plane.apiserverUrl() + path)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return admin.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- TLS

    /** A client certificate chain and its key. */
    private record Identity(X509Certificate[] chain, PrivateKey key) {
    }

    /** TLS trusting only the cluster CA, presenting {@code identity} (whatever the server asks for), or no certificate when null. */
    private RawHttp.Connector connector(Identity identity) throws GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trust.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        trust.setCertificateEntry("ca", clusterCaCertificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(identity == null ? new KeyManager[0] : new KeyManager[] {new FixedKeyManager(identity)}, tmf.getTrustManagers(), null);
        return RawHttp.tls(context);
    }

    private static String commonName(X509Certificate certificate) {
        for (String rdn : certificate.getSubjectX500Principal().getName().split(",")) {
            if (rdn.startsWith("CN=")) {
                return rdn.substring(3);
            }
        }
        throw new IllegalArgumentException("no CN in " + certificate.getSubjectX500Principal());
    }

    /**
     * Always offers its one certificate, whatever key types and issuers the server names: the JDK's own key
     * managers would hold back a certificate the server's CA list does not cover, or an expired one.
     */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private static final String ALIAS = "forged";
        private final Identity identity;

        FixedKeyManager(Identity identity) {
            this.identity = identity;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return identity.chain().clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return identity.key();
        }
    }
}

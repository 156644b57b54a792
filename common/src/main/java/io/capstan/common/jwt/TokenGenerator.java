package io.capstan.common.jwt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;

/**
 * Signs service-account tokens, as upstream's {@code JWTTokenGenerator}: RS256 with an RSA key, ES256/384/512
 * with an EC key of the matching curve; the {@code kid} header is the unpadded base64url SHA-256 of the public
 * key's DER form, as upstream computes it; {@code iss} is set to the issuer.
 */
public final class TokenGenerator {
    private final String issuer;
    private final PrivateKey key;
    private final String alg;
    private final String keyId;

    /** @param publicKey the signing key's public half (for the key ID) */
    public TokenGenerator(String issuer, PrivateKey key, PublicKey publicKey) {
        this.issuer = issuer;
        this.key = key;
        if (key instanceof RSAPrivateKey) {
            alg = "RS256";
        } else if (key instanceof ECPrivateKey ec) {
            alg = switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> "ES256";
                case 384 -> "ES384";
                case 521 -> "ES512";
                default -> throw new IllegalArgumentException("unsupported EC curve for service-account tokens");
            };
        } else {
            throw new IllegalArgumentException("unknown private key type " + key.getAlgorithm() + ", must be RSA or ECDSA");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            keyId = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issuer written into every token. */
    public String issuer() {
        return issuer;
    }

    /** A signed token with these claims and {@code iss}. */
    public String generateToken(ObjectNode claims) {
        ObjectNode header = Json.MAPPER.createObjectNode().put("alg", alg).put("kid", keyId);
        ObjectNode body = claims.deepCopy();
        body.put("iss", issuer);
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        String input = enc.encodeToString(Json.bytes(header)) + "." + enc.encodeToString(Json.bytes(body));
        try {
            Signature s = Signature.getInstance(JsonWebToken.jcaAlgorithm(alg, key));
            s.initSign(key);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + enc.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("failed to generate token: " + e.getMessage(), e);
        }
    }
}

package io.capstan.common.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * A JWS in compact serialization ({@code header.payload.signature}), parsed but not yet trusted. Only the
 * algorithms upstream's service-account tokens use are known: RS256/384/512 and ES256/384/512, checked with
 * the JDK's {@link Signature}; {@code none} and anything else never verify.
 */
public record JsonWebToken(ObjectNode header, ObjectNode claims, byte[] signingInput, byte[] signature) {
    /** The algorithms a token may be signed with. */
    public static final Set<String> ALGORITHMS = Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512");

    /** The token, or empty when it is not a well-formed JWS with JSON header and claims. */
    public static Optional<JsonWebToken> parse(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonNode header = Json.tree(d.decode(parts[0]));
            JsonNode claims = Json.tree(d.decode(parts[1]));
            if (!(header instanceof ObjectNode h) || !(claims instanceof ObjectNode c)) {
                return Optional.empty();
            }
            return Optional.of(new JsonWebToken(h, c, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                    d.decode(parts[2])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The {@code alg} header. */
    public String algorithm() {
        return header.path("alg").asText("");
    }

    /** True when the signature is the token's algorithm over its content with this key (which must suit the algorithm). */
    public boolean verify(PublicKey key) {
        String alg = algorithm();
        String jca = jcaAlgorithm(alg, key);
        if (jca == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(jca);
            s.initVerify(key);
            s.update(signingInput);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The JCA name for a JWS algorithm with this key type, or null when they do not go together. */
    public static String jcaAlgorithm(String alg, java.security.Key key) {
        boolean rsa = key instanceof RSAPublicKey || key instanceof java.security.interfaces.RSAPrivateKey;
        boolean ec = key instanceof ECPublicKey || key instanceof java.security.interfaces.ECPrivateKey;
        int ecBits = key instanceof ECPublicKey p ? p.getParams().getCurve().getField().getFieldSize()
                : key instanceof java.security.interfaces.ECPrivateKey k ? k.getParams().getCurve().getField().getFieldSize() : 0;
        return switch (alg) {
            case "RS256" -> rsa ? "SHA256withRSA" : null;
            case "RS384" -> rsa ? "SHA384withRSA" : null;
            case "RS512" -> rsa ? "SHA512withRSA" : null;
            // JWS carries R||S (IEEE P1363), not DER.
            case "ES256" -> ec && ecBits == 256 ? "SHA256withECDSAinP1363Format" : null;
            case "ES384" -> ec && ecBits == 384 ? "SHA384withECDSAinP1363Format" : null;
            case "ES512" -> ec && ecBits == 521 ? "SHA512withECDSAinP1363Format" : null;
            default -> null;
        };
    }
}

package io.capstan.common.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;

/**
 * The key types Capstan's PKI generates. Certificates use ECDSA P-256 (fast to generate and to
 * handshake with, accepted by every Kubernetes client); the service-account signing key is RSA 2048,
 * as kubeadm's {@code sa.key}, so tokens are signed with RS256 like upstream's.
 */
public enum KeyAlgorithm {
    /** ECDSA on the NIST P-256 curve, signing with SHA256withECDSA. */
    ECDSA_P256("EC", "SHA256withECDSA"),
    /** RSA with a 2048-bit modulus, signing with SHA256withRSA. */
    RSA_2048("RSA", "SHA256withRSA");

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** A fresh key pair of this type. */
    public KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (this == ECDSA_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key: " + e.getMessage(), e);
        }
    }

    /** The JCA signature algorithm a key of this type signs certificates with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The signature algorithm for {@code key}, an RSA or EC private key. */
    public static String signatureAlgorithmFor(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> RSA_2048.signatureAlgorithm;
            case "EC", "ECDSA" -> ECDSA_P256.signatureAlgorithm;
            default -> throw new IllegalArgumentException("unsupported signing key algorithm " + key.getAlgorithm());
        };
    }
}

package io.capstan.common.jwt;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM keys for service-account tokens, as upstream's {@code keyutil}: verification keys from
 * {@code --service-account-key-file} (public keys, certificates, or private keys whose public half is used;
 * RSA and ECDSA), and the signing key from {@code --service-account-signing-key-file}.
 */
public final class ServiceAccountKeys {
    private ServiceAccountKeys() {
    }

    /** Every public key in a PEM file (a private key counts as its public half). */
    public static List<PublicKey> publicKeys(Path file) throws IOException {
        List<PublicKey> keys = publicKeys(Files.readString(file, StandardCharsets.UTF_8));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("data does not contain any valid RSA or ECDSA public keys: " + file);
        }
        return keys;
    }

    /** Every public key in PEM text. */
    public static List<PublicKey> publicKeys(String pem) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof SubjectPublicKeyInfo info) {
                    keys.add(converter.getPublicKey(info));
                } else if (o instanceof X509CertificateHolder cert) {
                    keys.add(converter.getPublicKey(cert.getSubjectPublicKeyInfo()));
                } else if (o instanceof PEMKeyPair pair) {
                    keys.add(converter.getKeyPair(pair).getPublic());
                } else if (o instanceof PrivateKeyInfo info) {
                    keys.add(publicKey(info, converter));
                }
            }
        }
        return keys;
    }

    /** The first private key in a PEM file, and its public half. */
    public static java.security.KeyPair signingKey(Path file) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.UTF_8)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair);
                }
                if (o instanceof PrivateKeyInfo info) {
                    return new java.security.KeyPair(publicKey(info, converter), converter.getPrivateKey(info));
                }
            }
        }
        throw new IllegalArgumentException("data does not contain a valid RSA or ECDSA private key: " + file);
    }

    private static PublicKey publicKey(PrivateKeyInfo info, JcaPEMKeyConverter converter) throws IOException {
        PrivateKey key = converter.getPrivateKey(info);
        if (key instanceof RSAPrivateCrtKey rsa) {
            try {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            }
        }
        ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
        if (ec.getPublicKey() != null) {
            AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
            return converter.getPublicKey(new SubjectPublicKeyInfo(alg, ec.getPublicKey().getBytes()));
        }
        // PKCS#8 without the public key (as the JDK writes it): compute Q = d·G.
        if (!(key instanceof java.security.interfaces.ECPrivateKey jdk)) {
            throw new IOException("unsupported private key type " + key.getAlgorithm());
        }
        var spec = org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(jdk.getParams());
        var q = spec.getG().multiply(jdk.getS()).normalize();
        try {
            return KeyFactory.getInstance("EC").generatePublic(new java.security.spec.ECPublicKeySpec(
                    new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), jdk.getParams()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}

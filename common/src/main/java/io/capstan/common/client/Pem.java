package io.capstan.common.client;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates and private keys in PEM, as kubeconfigs carry them: certificate bundles, and RSA or EC
 * keys in PKCS#1 ({@code RSA PRIVATE KEY}), SEC1 ({@code EC PRIVATE KEY}, with or without a leading
 * {@code EC PARAMETERS} block) or unencrypted PKCS#8 ({@code PRIVATE KEY}), as Go's
 * {@code tls.X509KeyPair} accepts them. Parsed with Bouncy Castle.
 */
public final class Pem {
    private Pem() {
    }

    /**
     * Every {@code CERTIFICATE} block, in order; other blocks are skipped.
     *
     * @throws IllegalArgumentException when there is no certificate or a block is malformed
     */
    public static List<X509Certificate> certificates(byte[] pem, String source) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(pem)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": malformed PEM certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(source + ": no PEM CERTIFICATE block found");
        }
        return certificates;
    }

    /**
     * The first private key block.
     *
     * @throws IllegalArgumentException when there is none, it is encrypted, or it is malformed
     */
    public static PrivateKey privateKey(byte[] pem, String source) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = parser(pem)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) { // PKCS#1 RSA or SEC1 EC
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) { // PKCS#8
                    return converter.getPrivateKey(info);
                }
                if (o.getClass().getSimpleName().contains("Encrypted")) {
                    throw new IllegalArgumentException(source + ": encrypted private keys are not supported");
                }
                // EC PARAMETERS, certificates and other blocks before the key are skipped.
            }
        } catch (PEMException e) {
            throw new IllegalArgumentException(source + ": malformed PEM private key: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage() != null && iae.getMessage().startsWith(source)) {
                throw iae;
            }
            throw new IllegalArgumentException(source + ": malformed PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException(source + ": no PEM private key block (RSA PRIVATE KEY, EC PRIVATE KEY or PRIVATE KEY) found");
    }

    private static PEMParser parser(byte[] pem) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }
}

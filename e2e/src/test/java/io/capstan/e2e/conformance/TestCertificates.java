package io.capstan.e2e.conformance;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * The key material upstream's e2e tests make with client-go's {@code k8s.io/client-go/util/cert}:
 * {@code utils.NewPrivateKey} (RSA 2048), {@code cert.MakeCSR} (a PKCS #10 request, PEM
 * {@code CERTIFICATE REQUEST}, with the DNS names as a subjectAltName extension request) and
 * {@code cert.GenerateSelfSignedCertKey} (a self-signed CA and a serving certificate it signs, the
 * certificate first, both PEM).
 */
final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** {@code utils.NewPrivateKey()}: an RSA 2048 key pair. */
    static KeyPair newPrivateKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048, RANDOM);
        return g.generateKeyPair();
    }

    /** {@code cert.MakeCSR(pk, &pkix.Name{CommonName: cn}, dnsSANs, nil)}: PEM bytes. */
    static byte[] makeCsr(KeyPair key, String commonName, List<String> dnsNames) throws Exception {
        JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(name(commonName), key.getPublic());
        if (!dnsNames.isEmpty()) {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.subjectAlternativeName, false, dnsNames(dnsNames));
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
        }
        PKCS10CertificationRequest csr = builder.build(signer(key));
        return pem("CERTIFICATE REQUEST", csr.getEncoded());
    }

    /**
     * {@code cert.GenerateSelfSignedCertKey(host, nil, alternateDNS)}'s certificate bytes: a serving
     * certificate for {@code host@<unix time>} with {@code host} and {@code alternateDNS} as DNS names,
     * signed by a new CA {@code host-ca@<unix time>}; the certificate's PEM, then the CA's.
     */
    static byte[] generateSelfSignedCert(String host, List<String> alternateDns) throws Exception {
        Instant now = Instant.now();
        long unix = now.getEpochSecond();
        Instant validFrom = now.minus(Duration.ofHours(1));
        Instant maxAge = now.plus(Duration.ofDays(365));

        KeyPair caKey = newPrivateKey();
        X500Name caName = name(host + "-ca@" + unix);
        X509CertificateHolder ca = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(1), Date.from(validFrom),
                Date.from(maxAge), caName, caKey.getPublic())
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature | KeyUsage.keyCertSign))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .build(signer(caKey));

        KeyPair key = newPrivateKey();
        List<String> dns = new java.util.ArrayList<>(List.of(host));
        dns.addAll(alternateDns);
        X509CertificateHolder cert = new JcaX509v3CertificateBuilder(caName, BigInteger.valueOf(2), Date.from(validFrom),
                Date.from(maxAge), name(host + "@" + unix), key.getPublic())
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.subjectAlternativeName, false, dnsNames(dns))
                .build(signer(caKey));

        byte[] certPem = pem("CERTIFICATE", cert.getEncoded());
        byte[] caPem = pem("CERTIFICATE", ca.getEncoded());
        byte[] both = new byte[certPem.length + caPem.length];
        System.arraycopy(certPem, 0, both, 0, certPem.length);
        System.arraycopy(caPem, 0, both, certPem.length, caPem.length);
        return both;
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static GeneralNames dnsNames(List<String> names) {
        return new GeneralNames(names.stream().map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new));
    }

    private static ContentSigner signer(KeyPair key) throws Exception {
        return new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate());
    }

    /** {@code pem.EncodeToMemory}: 64-column base64 between BEGIN and END lines. */
    static byte[] pem(String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}

package io.capstan.apiserver.authentication;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/** Certificate authorities and client certificates made with Bouncy Castle for authentication tests. */
public final class TestCerts {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A key pair with its certificate. */
    public record Issued(KeyPair keys, X509Certificate certificate) {
        /** A client certificate for {@code subject} (e.g. {@code CN=alice,O=dev}) signed by this CA. */
        public Issued client(String subject) {
            return TestCerts.issue(subject, ec(), this, false, KeyPurposeId.id_kp_clientAuth, Instant.now().plus(1, ChronoUnit.DAYS));
        }

        /** A certificate with another extended key usage or validity. */
        public Issued issue(String subject, boolean ca, KeyPurposeId usage, Instant notAfter) {
            return TestCerts.issue(subject, ec(), this, ca, usage, notAfter);
        }

        /** A serving certificate for 127.0.0.1 and localhost signed by this CA. */
        public Issued server(String cn) {
            return TestCerts.issue("CN=" + cn, ec(), this, false, KeyPurposeId.id_kp_serverAuth, Instant.now().plus(1, ChronoUnit.DAYS),
                    new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName[] {
                            new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1"),
                            new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName, "localhost")}));
        }

        /** An in-memory key store holding this key and certificate (password "changeit"). */
        public java.security.KeyStore keyStore() {
            try {
                java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", keys.getPrivate(), "changeit".toCharArray(), new java.security.cert.Certificate[] {certificate});
                return ks;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public String pem() {
            return TestCerts.pem(certificate);
        }
    }

    private TestCerts() {
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate authority. */
    public static Issued ca(String name) {
        return issue("CN=" + name, ec(), null, true, null, Instant.now().plus(10, ChronoUnit.DAYS));
    }

    static Issued issue(String subject, KeyPair keys, Issued issuer, boolean ca, KeyPurposeId usage, Instant notAfter) {
        return issue(subject, keys, issuer, ca, usage, notAfter, null);
    }

    static Issued issue(String subject, KeyPair keys, Issued issuer, boolean ca, KeyPurposeId usage, Instant notAfter,
                        org.bouncycastle.asn1.x509.GeneralNames altNames) {
        try {
            Instant now = Instant.now();
            X500Name subjectName = new X500Name(subject);
            X500Name issuerName = issuer == null ? subjectName
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(notAfter), subjectName, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            }
            if (usage != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
            }
            if (altNames != null) {
                b.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            KeyPair signer = issuer == null ? keys : issuer.keys();
            var cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
            return new Issued(keys, cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One object (certificate, key) as PEM. */
    public static String pem(Object o) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(o);
            }
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.capstan.common.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * A certificate authority: a self-signed CA certificate and its private key, able to issue serving and
 * client certificates ({@link CertificateSpec}) as kubeadm's {@code pkiutil} does.
 *
 * @param certificate the CA certificate (basic constraints CA:true, key usage keyCertSign)
 * @param privateKey  the key that signs what this CA issues
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
    /** CAs are valid for ten years, as kubeadm's. */
    public static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Backdating absorbs small clock differences between machines, as client-go's cert helpers do. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    public CertificateAuthority {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    /** A new self-signed CA named {@code commonName} with a fresh ECDSA P-256 key. */
    public static CertificateAuthority generate(String commonName) {
        KeyPair pair = KeyAlgorithm.ECDSA_P256.generate();
        X500Name subject = name(commonName, List.of());
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create CA " + commonName + ": " + e.getMessage(), e);
        }
    }

    /** Issues a certificate for {@code spec} with a fresh ECDSA P-256 key. */
    public IssuedCertificate issue(CertificateSpec spec) {
        KeyPair pair = KeyAlgorithm.ECDSA_P256.generate();
        return new IssuedCertificate(issue(spec, pair.getPublic()), pair);
    }

    /** Issues a certificate for {@code spec} certifying {@code publicKey}. */
    public X509Certificate issue(CertificateSpec spec, PublicKey publicKey) {
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (spec.serverAuth()) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (spec.clientAuth()) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(spec.validity())),
                    name(spec.commonName(), spec.organizations()), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            List<GeneralName> names = new ArrayList<>();
            spec.dnsNames().forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
            spec.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return sign(builder, privateKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + spec.commonName() + ": " + e.getMessage(), e);
        }
    }

    private static X500Name name(String commonName, List<String> organizations) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        organizations.forEach(o -> builder.addRDN(BCStyle.O, o));
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    private static BigInteger serial() {
        return new BigInteger(126, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            var signer = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(key)).build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }
}

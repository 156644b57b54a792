package io.capstan.common.pki;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a certificate says: its subject ({@code CN} = user or host, {@code O} = groups, as Kubernetes'
 * x509 authenticator reads them), its subject alternative names, what it may be used for, and how long
 * it is valid.
 *
 * @param commonName    the subject's CN
 * @param organizations the subject's O values, in order (Kubernetes groups)
 * @param dnsNames      DNS subject alternative names
 * @param ipAddresses   IP address subject alternative names (literal IPv4 or IPv6)
 * @param serverAuth    whether the certificate may serve TLS (extended key usage serverAuth)
 * @param clientAuth    whether the certificate may authenticate a TLS client (clientAuth)
 * @param validity      how long after issuance the certificate expires
 */
public record CertificateSpec(String commonName, List<String> organizations, List<String> dnsNames,
                              List<String> ipAddresses, boolean serverAuth, boolean clientAuth, Duration validity) {
    /** Leaf certificates are valid for a year, as kubeadm's. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(365);

    public CertificateSpec {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("a certificate needs a non-empty common name");
        }
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        if (!serverAuth && !clientAuth) {
            throw new IllegalArgumentException("a certificate must allow serverAuth, clientAuth or both");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
    }

    /** A serving certificate for {@code commonName} with these DNS and IP names. */
    public static CertificateSpec serving(String commonName, List<String> dnsNames, List<String> ipAddresses) {
        return new CertificateSpec(commonName, List.of(), dnsNames, ipAddresses, true, false, LEAF_VALIDITY);
    }

    /** A client certificate for user {@code user} in {@code groups}. */
    public static CertificateSpec client(String user, List<String> groups) {
        return new CertificateSpec(user, groups, List.of(), List.of(), false, true, LEAF_VALIDITY);
    }
}

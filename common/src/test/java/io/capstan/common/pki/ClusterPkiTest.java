package io.capstan.common.pki;

import io.capstan.common.client.Pem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterPkiTest {
    @TempDir
    static Path shared;
    static ClusterPki pki;

    @BeforeAll
    static void init() throws Exception {
        pki = new ClusterPki(shared.resolve("pki"));
        pki.init(List.of("capstan.example.com", "192.168.1.10"), "https://127.0.0.1:6443", "https://127.0.0.1:6444");
    }

    @Test
    void everyFileOfTheLayoutExists() {
        for (String f : List.of("ca.crt", "ca.key", "apiserver.crt", "apiserver.key", "aggregator.crt", "aggregator.key",
                "controller-manager.crt", "controller-manager.key", "scheduler.crt", "scheduler.key",
                "front-proxy-ca.crt", "front-proxy-ca.key", "front-proxy-client.crt", "front-proxy-client.key",
                "sa.key", "sa.pub", "admin.conf", "controller-manager.conf", "scheduler.conf")) {
            assertTrue(Files.isRegularFile(pki.file(f)), f);
        }
    }

    @Test
    void leafCertificatesVerifyAgainstTheirCaWithTheJdkValidator() throws Exception {
        X509Certificate ca = PemFile.readCertificate(pki.file("ca.crt"));
        for (String leaf : List.of("apiserver", "aggregator", "controller-manager", "scheduler")) {
            validate(PemFile.readCertificate(pki.file(leaf + ".crt")), ca);
        }
        X509Certificate frontProxyCa = PemFile.readCertificate(pki.file("front-proxy-ca.crt"));
        validate(PemFile.readCertificate(pki.file("front-proxy-client.crt")), frontProxyCa);
        // A certificate from the other CA does not verify.
        assertThrows(Exception.class, () -> validate(PemFile.readCertificate(pki.file("front-proxy-client.crt")), ca));
    }

    @Test
    void apiServerCertificateHoldsUpstreamNamesAndExtraSans() throws Exception {
        X509Certificate cert = PemFile.readCertificate(pki.file("apiserver.crt"));
        Map<Integer, List<String>> sans = sans(cert);
        assertEquals(List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "capstan.example.com"), sans.get(2));
        assertEquals(List.of("127.0.0.1", "10.0.0.1", "192.168.1.10"), sans.get(7));
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertEquals(sans, sans(PemFile.readCertificate(pki.file("aggregator.crt"))));
    }

    @Test
    void clientCertificatesCarryUserAsCnAndGroupsAsO() throws Exception {
        X509Certificate admin = clientCertOf(pki.file("admin.conf"));
        assertEquals("kubernetes-admin", cn(admin));
        assertEquals(List.of("system:masters"), organizations(admin));
        assertTrue(admin.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
        assertEquals("system:kube-controller-manager", cn(clientCertOf(pki.file("controller-manager.conf"))));
        assertEquals("system:kube-scheduler", cn(clientCertOf(pki.file("scheduler.conf"))));
        assertEquals("front-proxy-client", cn(PemFile.readCertificate(pki.file("front-proxy-client.crt"))));
        validate(admin, PemFile.readCertificate(pki.file("ca.crt")));
    }

    @Test
    void kubeconfigEmbedsCaServerAndAMatchingKey() throws Exception {
        String yaml = Files.readString(pki.file("admin.conf"));
        assertTrue(yaml.contains("server: \"https://127.0.0.1:6443\""), yaml);
        assertEquals(PemFile.readCertificate(pki.file("ca.crt")), Pem.certificates(data(yaml, "certificate-authority-data"), "ca").getFirst());
        var key = Pem.privateKey(data(yaml, "client-key-data"), "key");
        assertEquals(clientCertOf(pki.file("admin.conf")).getPublicKey().getAlgorithm(), key.getAlgorithm());
        assertTrue(Files.readString(pki.file("scheduler.conf")).contains("server: \"https://127.0.0.1:6444\""));
    }

    @Test
    void keysAreWrittenAsKubeadmWritesThem() throws Exception {
        assertTrue(Files.readString(pki.file("ca.key")).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertTrue(Files.readString(pki.file("sa.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        var key = (java.security.interfaces.ECPrivateKey) PemFile.readPrivateKey(pki.file("apiserver.key"));
        assertEquals(256, key.getParams().getOrder().bitLength(), "the curve travels with the key");
    }

    @Test
    void serviceAccountKeyIsRsaAndPublicHalfMatches() throws Exception {
        assertInstanceOf(RSAPrivateKey.class, PemFile.readPrivateKey(pki.file("sa.key")));
        assertTrue(Files.readString(pki.file("sa.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
    }

    @Test
    void privateKeysAndKubeconfigsAreMode0600() throws Exception {
        try (Stream<Path> files = Files.list(pki.dir())) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                if (name.endsWith(".key") || name.endsWith(".conf")) {
                    assertEquals("rw-------", mode, name);
                } else {
                    assertFalse(mode.contains("w-") && mode.substring(3).contains("w"), name + " " + mode);
                }
            }
        }
    }

    @Test
    void rerunningLeavesEveryFileByteIdentical(@TempDir Path dir) throws Exception {
        ClusterPki fresh = new ClusterPki(dir);
        List<String> first = fresh.init(List.of(), "https://a:1", "https://b:2");
        assertTrue(first.stream().allMatch(l -> l.startsWith("created")), first.toString());
        Map<String, byte[]> before = contents(dir);
        List<String> second = fresh.init(List.of("other.example"), "https://c:3", "https://d:4");
        assertTrue(second.stream().allMatch(l -> l.startsWith("kept")), second.toString());
        Map<String, byte[]> after = contents(dir);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k));
    }

    @Test
    void missingLeafIsReissuedFromTheExistingCa(@TempDir Path dir) throws Exception {
        ClusterPki fresh = new ClusterPki(dir);
        fresh.init(List.of(), "https://a:1", "https://b:2");
        byte[] ca = Files.readAllBytes(dir.resolve("ca.crt"));
        Files.delete(dir.resolve("scheduler.crt"));
        Files.delete(dir.resolve("scheduler.key"));
        fresh.init(List.of(), "https://a:1", "https://b:2");
        assertArrayEquals(ca, Files.readAllBytes(dir.resolve("ca.crt")));
        validate(PemFile.readCertificate(dir.resolve("scheduler.crt")), PemFile.readCertificate(dir.resolve("ca.crt")));
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused(@TempDir Path dir) throws Exception {
        ClusterPki fresh = new ClusterPki(dir);
        fresh.init(List.of(), "https://a:1", "https://b:2");
        Files.delete(dir.resolve("apiserver.key"));
        assertThrows(IllegalStateException.class, () -> fresh.init(List.of(), "https://a:1", "https://b:2"));
    }

    @Test
    void invalidExtraSanIsRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class,
                () -> new ClusterPki(dir).init(List.of("Bad_Name!"), "https://a:1", "https://b:2"));
    }

    @Test
    void pkiUserWritesAKubeconfigForANewUserAndNeverOverwrites() throws Exception {
        Path out = shared.resolve("viewer.conf");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int rc = PkiCommand.run(new String[]{"user", "jane", "--group", "dev", "--group=qa", "--out", out.toString(),
                "--dir", pki.dir().toString()}, new PrintStream(stdout), new PrintStream(stderr));
        assertEquals(0, rc, stderr.toString());
        X509Certificate cert = clientCertOf(out);
        assertEquals("jane", cn(cert));
        assertEquals(List.of("dev", "qa"), organizations(cert));
        validate(cert, PemFile.readCertificate(pki.file("ca.crt")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        byte[] before = Files.readAllBytes(out);
        rc = PkiCommand.run(new String[]{"user", "jane", "--out", out.toString(), "--dir", pki.dir().toString()},
                new PrintStream(stdout), new PrintStream(stderr));
        assertEquals(1, rc);
        assertArrayEquals(before, Files.readAllBytes(out));
    }

    @Test
    void pkiCommandRejectsUnknownFlagsWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, PkiCommand.run(new String[]{"init", "--bogus"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
        assertTrue(err.toString().contains("unknown flag --bogus"));
        assertEquals(2, PkiCommand.run(new String[]{"user", "--out", "x"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
    }

    static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }

    static X509Certificate clientCertOf(Path kubeconfig) throws Exception {
        return Pem.certificates(data(Files.readString(kubeconfig), "client-certificate-data"), "cert").getFirst();
    }

    static byte[] data(String yaml, String key) {
        for (String line : yaml.split("\n")) {
            if (line.trim().startsWith(key + ":")) {
                return Base64.getDecoder().decode(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new AssertionError(key + " not in kubeconfig");
    }

    static String cn(X509Certificate cert) {
        return rdns(cert, "CN").getFirst();
    }

    static List<String> organizations(X509Certificate cert) {
        return rdns(cert, "O");
    }

    private static List<String> rdns(X509Certificate cert, String type) {
        List<String> out = new ArrayList<>();
        try {
            // LdapName lists RDNs in ASN.1 order (the reverse of the RFC 2253 string), as Go reads them.
            var name = new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
            for (var rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase(type)) {
                    out.add(rdn.getValue().toString());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static Map<Integer, List<String>> sans(X509Certificate cert) throws Exception {
        Map<Integer, List<String>> out = new HashMap<>();
        for (List<?> san : cert.getSubjectAlternativeNames()) {
            out.computeIfAbsent((Integer) san.get(0), k -> new ArrayList<>()).add((String) san.get(1));
        }
        return out;
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        Map<String, byte[]> out = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

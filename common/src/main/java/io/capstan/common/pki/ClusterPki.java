package io.capstan.common.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cluster's key material in one directory, laid out as kubeadm lays out {@code /etc/kubernetes/pki}
 * (with the kubeconfigs beside it):
 * <pre>
 * ca.crt ca.key                          cluster CA (signs serving and client certificates)
 * apiserver.crt apiserver.key            API server serving certificate
 * aggregator.crt aggregator.key          aggregator (front door) serving certificate, same names
 * controller-manager.crt/.key            controller manager serving certificate (localhost)
 * scheduler.crt/.key                     scheduler serving certificate (localhost)
 * front-proxy-ca.crt front-proxy-ca.key  front-proxy CA
 * front-proxy-client.crt/.key            the aggregator's client certificate to the API server (CN front-proxy-client)
 * sa.key sa.pub                          service-account token signing key pair (RSA 2048)
 * admin.conf                             kubeconfig: kubernetes-admin, group system:masters
 * controller-manager.conf                kubeconfig: system:kube-controller-manager
 * scheduler.conf                         kubeconfig: system:kube-scheduler
 * </pre>
 * {@link #init} creates what is missing and never touches what exists, so running it again leaves
 * every file byte-identical. Private keys and kubeconfigs are mode 0600.
 */
public final class ClusterPki {
    /** The first address of the default service range {@code 10.0.0.0/24}: {@code default/kubernetes}. */
    public static final String FIRST_SERVICE_IP = "10.0.0.1";
    /** The names every API server serving certificate holds, as kubeadm's. */
    public static final List<String> APISERVER_DNS_NAMES = List.of("localhost", "kubernetes", "kubernetes.default",
            "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");
    /** The cluster name in the kubeconfigs. */
    public static final String CLUSTER_NAME = "kubernetes";

    private final Path dir;
    private final List<String> log = new ArrayList<>();

    /** The material in {@code dir}. */
    public ClusterPki(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** A file of the layout, e.g. {@code file("ca.crt")}. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * Creates every missing file.
     *
     * @param extraSans    more subject alternative names for the API server and aggregator certificates
     *                     (IP literals become IP SANs, anything else a DNS SAN), as {@code --apiserver-cert-extra-sans}
     * @param adminServer  the server URL in {@code admin.conf} (the front door, the aggregator)
     * @param apiServer    the server URL in the component kubeconfigs (the API server itself)
     * @return one line per file: {@code created <name>} or {@code kept <name>}
     * @throws IOException              on a file system error
     * @throws IllegalStateException    when existing material is inconsistent (a certificate without its key)
     */
    public List<String> init(List<String> extraSans, String adminServer, String apiServer) throws IOException {
        log.clear();
        Files.createDirectories(dir);
        CertificateAuthority ca = authority("ca", "kubernetes");
        CertificateAuthority frontProxyCa = authority("front-proxy-ca", "front-proxy-ca");

        List<String> dns = new ArrayList<>(APISERVER_DNS_NAMES);
        List<String> ips = new ArrayList<>(List.of("127.0.0.1", FIRST_SERVICE_IP));
        for (String san : extraSans) {
            String s = san.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (SubjectAltNames.isIpLiteral(s)) {
                ips.add(s);
            } else {
                dns.add(SubjectAltNames.checkDnsName(s));
            }
        }
        leaf(ca, "apiserver", CertificateSpec.serving("kube-apiserver", dns, ips));
        leaf(ca, "aggregator", CertificateSpec.serving("capstan-aggregator", dns, ips));
        leaf(ca, "controller-manager", CertificateSpec.serving("kube-controller-manager",
                List.of("localhost"), List.of("127.0.0.1")));
        leaf(ca, "scheduler", CertificateSpec.serving("kube-scheduler", List.of("localhost"), List.of("127.0.0.1")));
        leaf(frontProxyCa, "front-proxy-client", CertificateSpec.client("front-proxy-client", List.of()));
        serviceAccountKey();
        kubeconfig(ca, "admin.conf", adminServer, "kubernetes-admin", List.of("system:masters"));
        kubeconfig(ca, "controller-manager.conf", apiServer, "system:kube-controller-manager", List.of());
        kubeconfig(ca, "scheduler.conf", apiServer, "system:kube-scheduler", List.of());
        return List.copyOf(log);
    }

    /** The cluster CA, read from {@code ca.crt} and {@code ca.key}. */
    public CertificateAuthority clusterCa() {
        return load("ca");
    }

    /**
     * Writes to {@code out} (created, never replaced; mode 0600) a kubeconfig for user {@code user} in
     * {@code groups}, with a new client certificate signed by the cluster CA.
     */
    public void writeUserKubeConfig(Path out, String server, String user, List<String> groups) throws IOException {
        CertificateAuthority ca = clusterCa();
        IssuedCertificate cert = ca.issue(CertificateSpec.client(user, groups));
        String yaml = new KubeConfigFile(CLUSTER_NAME, server, ca.certificate(), user, cert.certificate(),
                cert.keyPair().getPrivate()).render();
        PemFile.create(out, yaml, true);
    }

    private CertificateAuthority authority(String base, String commonName) throws IOException {
        Path crt = file(base + ".crt");
        Path key = file(base + ".key");
        if (exists(crt, key)) {
            log.add("kept " + base + ".crt, " + base + ".key");
            return load(base);
        }
        CertificateAuthority ca = CertificateAuthority.generate(commonName);
        PemFile.create(key, PemFile.encode(ca.privateKey()), true);
        PemFile.create(crt, PemFile.encode(ca.certificate()), false);
        log.add("created " + base + ".crt, " + base + ".key");
        return ca;
    }

    private void leaf(CertificateAuthority ca, String base, CertificateSpec spec) throws IOException {
        Path crt = file(base + ".crt");
        Path key = file(base + ".key");
        if (exists(crt, key)) {
            log.add("kept " + base + ".crt, " + base + ".key");
            return;
        }
        IssuedCertificate issued = ca.issue(spec);
        PemFile.create(key, PemFile.encode(issued.keyPair().getPrivate()), true);
        PemFile.create(crt, PemFile.encode(issued.certificate()), false);
        log.add("created " + base + ".crt, " + base + ".key");
    }

    private void serviceAccountKey() throws IOException {
        Path key = file("sa.key");
        Path pub = file("sa.pub");
        if (exists(key, pub)) {
            log.add("kept sa.key, sa.pub");
            return;
        }
        KeyPair pair = KeyAlgorithm.RSA_2048.generate();
        PemFile.create(key, PemFile.encode(pair.getPrivate()), true);
        PemFile.create(pub, PemFile.encode(pair.getPublic()), false);
        log.add("created sa.key, sa.pub");
    }

    private void kubeconfig(CertificateAuthority ca, String name, String server, String user, List<String> groups)
            throws IOException {
        Path out = file(name);
        if (Files.exists(out)) {
            log.add("kept " + name);
            return;
        }
        writeUserKubeConfig(out, server, user, groups);
        log.add("created " + name);
    }

    /** Whether both files exist; one without the other is refused rather than silently replaced. */
    private static boolean exists(Path a, Path b) {
        boolean ea = Files.exists(a);
        boolean eb = Files.exists(b);
        if (ea != eb) {
            throw new IllegalStateException((ea ? a : b) + " exists but " + (ea ? b : a)
                    + " does not; remove the stray file or restore its partner");
        }
        return ea;
    }

    private CertificateAuthority load(String base) {
        X509Certificate cert = PemFile.readCertificate(file(base + ".crt"));
        PrivateKey key = PemFile.readPrivateKey(file(base + ".key"));
        return new CertificateAuthority(cert, key);
    }
}

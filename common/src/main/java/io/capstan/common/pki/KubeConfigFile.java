package io.capstan.common.pki;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A kubeconfig with everything embedded, as kubeadm writes {@code admin.conf}: the server, the CA as
 * {@code certificate-authority-data}, and the user's client certificate and key as
 * {@code client-certificate-data} / {@code client-key-data}. One cluster, one user, one context, current.
 *
 * @param clusterName  the cluster entry's name
 * @param server       the API server URL ({@code https://host:port})
 * @param ca           the CA that verifies the server
 * @param userName     the user entry's name
 * @param clientCert   the user's client certificate
 * @param clientKey    its private key
 */
public record KubeConfigFile(String clusterName, String server, X509Certificate ca, String userName,
                             X509Certificate clientCert, PrivateKey clientKey) {

    /** The kubeconfig as YAML; the context is named {@code <user>@<cluster>} as kubeadm names it. */
    public String render() {
        String context = userName + "@" + clusterName;
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: " + quote(clusterName) + "\n"
                + "  cluster:\n"
                + "    server: " + quote(server) + "\n"
                + "    certificate-authority-data: " + base64(PemFile.encode(ca)) + "\n"
                + "users:\n"
                + "- name: " + quote(userName) + "\n"
                + "  user:\n"
                + "    client-certificate-data: " + base64(PemFile.encode(clientCert)) + "\n"
                + "    client-key-data: " + base64(PemFile.encode(clientKey)) + "\n"
                + "contexts:\n"
                + "- name: " + quote(context) + "\n"
                + "  context:\n"
                + "    cluster: " + quote(clusterName) + "\n"
                + "    user: " + quote(userName) + "\n"
                + "current-context: " + quote(context) + "\n"
                + "preferences: {}\n";
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /** A YAML double-quoted scalar, so names like {@code system:kube-scheduler} stay strings. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

package io.capstan.common.client;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * How a client checks the API server's certificate, as Go's {@code crypto/tls} with client-go's
 * settings: the chain must lead to a trusted authority, and the certificate must name the server in
 * its subject alternative names (DNS names with a leftmost {@code *} label, or IP addresses; no
 * common-name fallback). The name checked is {@code tls-server-name} when set, else the host the
 * client connected to. With {@code insecure-skip-tls-verify} nothing is checked.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private static final X509Certificate[] NONE = new X509Certificate[0];
    private final X509ExtendedTrustManager chainTrust;
    private final String serverName;
    private final boolean insecure;

    /**
     * @param chainTrust verifies chains (the CA bundle's or the JDK's roots); unused when {@code insecure}
     * @param serverName the name to verify instead of the connected host, or null
     * @param insecure   accept any certificate
     */
    ServerTrust(X509ExtendedTrustManager chainTrust, String serverName, boolean insecure) {
        this.chainTrust = chainTrust;
        this.serverName = serverName == null || serverName.isEmpty() ? null : serverName;
        this.insecure = insecure;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType, engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType, socket == null || socket.getInetAddress() == null ? null : socket.getInetAddress().getHostAddress());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType, null);
    }

    private void check(X509Certificate[] chain, String authType, String peerHost) throws CertificateException {
        if (insecure) {
            return;
        }
        chainTrust.checkServerTrusted(chain, authType); // chain only: the name is checked below
        String name = serverName != null ? serverName : peerHost;
        if (name == null) {
            throw new CertificateException("no server name to verify the certificate against");
        }
        if (!matches(chain[0], name)) {
            throw new CertificateException(new SSLPeerUnverifiedException("x509: certificate is valid for "
                    + alternativeNames(chain[0]) + ", not " + name));
        }
    }

    /** True when {@code certificate}'s subject alternative names cover {@code host}. */
    static boolean matches(X509Certificate certificate, String host) throws CertificateParsingException {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress ip = ipLiteral(h);
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return false;
        }
        for (List<?> entry : names) {
            int type = (Integer) entry.get(0);
            String value = String.valueOf(entry.get(1));
            if (ip != null && type == 7 && ip.equals(ipLiteral(value))) {
                return true;
            }
            if (ip == null && type == 2 && dnsMatches(value, h)) {
                return true;
            }
        }
        return false;
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        String n = trimDot(host.toLowerCase(Locale.ROOT));
        if (p.startsWith("*.")) {
            int dot = n.indexOf('.');
            return dot > 0 && n.substring(dot + 1).equals(p.substring(2));
        }
        return p.equals(n);
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static InetAddress ipLiteral(String s) {
        boolean looksLikeIp = s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!looksLikeIp || s.isEmpty()) {
            return null;
        }
        try {
            return InetAddress.getByName(s); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static String alternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            return names == null ? "no names" : names.stream().map(e -> String.valueOf(e.get(1))).toList().toString();
        } catch (CertificateParsingException e) {
            return "unparseable names";
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return insecure ? NONE : chainTrust.getAcceptedIssuers();
    }
}

package io.capstan.common.pki;

import java.util.regex.Pattern;

/**
 * Checks for subject alternative names given on a command line: IP literals are told apart from DNS
 * names without any DNS lookup, and DNS names must be valid (RFC 1123 labels, optionally a leading
 * {@code *.} wildcard), as kubeadm validates {@code --apiserver-cert-extra-sans}.
 */
final class SubjectAltNames {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern DNS = Pattern.compile(
            "(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private SubjectAltNames() {
    }

    static boolean isIpLiteral(String s) {
        return IPV4.matcher(s).matches() || IPV6.matcher(s).matches();
    }

    static String checkDnsName(String s) {
        if (s.length() > 253 || !DNS.matcher(s).matches()) {
            throw new IllegalArgumentException("'" + s + "' is neither an IP address nor a valid DNS name"
                    + " (lower-case RFC 1123 labels separated by dots)");
        }
        return s;
    }
}

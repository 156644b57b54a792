package io.capstan.apiserver.authentication;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What authenticators see of a request.
 *
 * @param headers          header values by lower-case name (empty list when absent)
 * @param peerCertificates the TLS client's certificate chain, leaf first; empty without TLS or client certificate
 */
public record AuthenticationRequest(Function<String, List<String>> headers, List<X509Certificate> peerCertificates) {

    public AuthenticationRequest {
        peerCertificates = List.copyOf(peerCertificates);
    }

    /** A request with these headers (any case) and no certificates; for tests and TokenReview. */
    public static AuthenticationRequest ofHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new java.util.HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return new AuthenticationRequest(name -> lower.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()), List.of());
    }

    /** The values of one header. */
    public List<String> header(String name) {
        return headers.apply(name.toLowerCase(Locale.ROOT));
    }

    /** The first value of one header, or null. */
    public String firstHeader(String name) {
        List<String> values = header(name);
        return values.isEmpty() ? null : values.get(0);
    }
}

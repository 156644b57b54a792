package io.capstan.apiserver.authentication.headerrequest;

import io.capstan.apiserver.authentication.AuthenticationRequest;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.Authenticator;
import io.capstan.apiserver.authentication.RequestHeaders;
import io.capstan.apiserver.authentication.UserInfo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The user a front proxy names in request headers ({@code X-Remote-User}, {@code X-Remote-Group},
 * {@code X-Remote-Extra-<key>}), as upstream's {@code headerrequest.requestHeaderAuthRequestHandler}. It trusts
 * the headers blindly: it must only run behind an {@link io.capstan.apiserver.authentication.x509.Verifier}
 * that checked the proxy's client certificate.
 */
public final class RequestHeaderAuthenticator implements Authenticator {
    /** The header names the generic API server uses by default (kubeadm configures the same). */
    public static final List<String> DEFAULT_USERNAME_HEADERS = List.of("X-Remote-User");
    public static final List<String> DEFAULT_GROUP_HEADERS = List.of("X-Remote-Group");
    public static final List<String> DEFAULT_EXTRA_PREFIXES = List.of("X-Remote-Extra-");

    private final List<String> usernameHeaders;
    private final List<String> groupHeaders;
    private final List<String> extraPrefixes;

    /**
     * The extra headers are found by prefix among the names {@link RequestHeaders#namesOf} lists.
     */
    public RequestHeaderAuthenticator(List<String> usernameHeaders, List<String> groupHeaders, List<String> extraPrefixes) {
        this.usernameHeaders = lower(usernameHeaders);
        this.groupHeaders = lower(groupHeaders);
        this.extraPrefixes = lower(extraPrefixes);
    }

    @Override
    public Optional<AuthenticationResponse> authenticate(AuthenticationRequest request) {
        String name = null;
        for (String h : usernameHeaders) {
            for (String v : request.header(h)) {
                if (!v.isEmpty()) {
                    name = v;
                    break;
                }
            }
            if (name != null) {
                break;
            }
        }
        if (name == null) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>();
        for (String h : groupHeaders) {
            for (String v : request.header(h)) {
                if (!v.isEmpty()) {
                    groups.add(v);
                }
            }
        }
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (String header : RequestHeaders.namesOf(request)) {
            String lower = header.toLowerCase(Locale.ROOT);
            for (String prefix : extraPrefixes) {
                if (lower.startsWith(prefix) && lower.length() > prefix.length()) {
                    String key = unescapeExtraKey(lower.substring(prefix.length()));
                    List<String> values = extra.computeIfAbsent(key, k -> new ArrayList<>());
                    values.addAll(request.header(lower));
                }
            }
        }
        return Optional.of(AuthenticationResponse.of(new UserInfo(name, "", groups, extra)));
    }

    /** Every header name this authenticator reads, lower case, so the filter can drop them after use. */
    public boolean isAuthenticationHeader(String header) {
        // Asked for every header of every request: a plain loop, no stream.
        String lower = header.toLowerCase(Locale.ROOT);
        if (usernameHeaders.contains(lower) || groupHeaders.contains(lower)) {
            return true;
        }
        for (String prefix : extraPrefixes) {
            if (lower.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Upstream's {@code unescapeExtraKey}: {@code url.PathUnescape}, the raw key when that fails. */
    static String unescapeExtraKey(String encoded) {
        if (!encoded.contains("%")) {
            return encoded;
        }
        try {
            // PathUnescape leaves '+' alone, unlike form decoding.
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}

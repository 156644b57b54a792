package io.capstan.apiserver.authentication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A request's headers by lower-case name, for {@link AuthenticationRequest#headers()}, that can also list the
 * names present (the request-header authenticator finds {@code X-Remote-Extra-*} headers by prefix).
 */
public final class RequestHeaders implements Function<String, List<String>> {
    private final Map<String, List<String>> byName;

    private RequestHeaders(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** Headers of any case; values of names that differ only in case are joined. */
    public static RequestHeaders of(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        lower.replaceAll((k, v) -> List.copyOf(v));
        return new RequestHeaders(lower);
    }

    @Override
    public List<String> apply(String name) {
        return byName.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The lower-case names of the headers present. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The header names of a request whose headers are {@link RequestHeaders}; empty otherwise. */
    public static List<String> namesOf(AuthenticationRequest request) {
        return request.headers() instanceof RequestHeaders h ? h.names() : List.of();
    }
}

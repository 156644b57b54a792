package io.capstan.apiserver.storage.etcd;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The etcd client URLs of {@code --etcd-servers}, parsed once: each is {@code http://host:port} or
 * {@code https://host:port} (port 2379 when absent), and all use the same scheme, since one gRPC
 * channel speaks either plaintext or TLS to every member.
 *
 * @param urls    the URLs as given, for messages
 * @param members host and port of each member, in the order given, without duplicates
 * @param tls     true for {@code https://} endpoints
 */
record EtcdEndpoints(List<String> urls, List<Member> members, boolean tls) {
    private static final int ETCD_CLIENT_PORT = 2379;

    /** One etcd member's client address. */
    record Member(String host, int port) {
        /** {@code host:port}, the authority the member is addressed by. */
        String authority() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    EtcdEndpoints {
        urls = List.copyOf(urls);
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is required");
        }
    }

    /**
     * Parses client URLs.
     *
     * @throws IllegalArgumentException for an empty list, a URL that is not http(s)://host[:port],
     *                                  or a mix of http and https
     */
    static EtcdEndpoints parse(List<String> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one etcd endpoint is required");
        }
        List<Member> members = new ArrayList<>();
        Boolean tls = null;
        for (String url : urls) {
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("etcd endpoint " + url + " is not a URL: " + e.getMessage(), e);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException("etcd endpoint " + url
                        + " must be http://host:port or https://host:port, e.g. http://127.0.0.1:2379");
            }
            boolean secure = scheme.equals("https");
            if (tls != null && tls != secure) {
                throw new IllegalArgumentException("etcd endpoints " + urls + " mix http and https; use one scheme");
            }
            tls = secure;
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            Member member = new Member(host, uri.getPort() < 0 ? ETCD_CLIENT_PORT : uri.getPort());
            if (!members.contains(member)) {
                members.add(member);
            }
        }
        return new EtcdEndpoints(urls, members, tls);
    }
}

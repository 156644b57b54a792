package io.capstan.apiserver.filters;

import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.apiserver.authorization.Attributes;
import io.capstan.apiserver.authorization.AuthorizationDecision;
import io.capstan.apiserver.authorization.Authorizer;
import io.capstan.common.api.StatusException;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Upstream's {@code WithImpersonation}: a request with {@code Impersonate-User} (and optionally
 * {@code Impersonate-Group}, repeatable, {@code Impersonate-Uid} and {@code Impersonate-Extra-<key>}) acts as that
 * user from here on, once the authenticated caller is allowed the {@code impersonate} verb on each of them:
 * {@code users}, {@code serviceaccounts} (for {@code system:serviceaccount:<ns>:<name>}, in that namespace),
 * {@code groups}, {@code uids} and {@code userextras/<key>}. The first one refused is a 403 with upstream's message.
 */
public final class ImpersonationFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(ImpersonationFilter.class.getName());

    static final String USER = "impersonate-user";
    static final String GROUP = "impersonate-group";
    static final String UID = "impersonate-uid";
    static final String EXTRA_PREFIX = "impersonate-extra-";
    private static final String AUTHENTICATION_GROUP = "authentication.k8s.io";
    private static final String SERVICE_ACCOUNT_PREFIX = "system:serviceaccount:";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final Authorizer authorizer;

    public ImpersonationFilter(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /**
     * One thing the caller asks to act as, as upstream's {@code ObjectReference}s: kind ServiceAccount, User, Group,
     * UserExtra (key in {@code fieldPath}) or UID.
     */
    record Request(String kind, String namespace, String name, String apiVersion, String fieldPath) {
        /** As Go's {@code %v} prints an ObjectReference. */
        @Override
        public String toString() {
            return "{" + kind + " " + namespace + " " + name + "  " + apiVersion + "  " + fieldPath + "}";
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : req.headers()) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (name.startsWith("impersonate-")) {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).addAll(h.allValues());
            }
        }
        if (headers.isEmpty()) {
            chain.proceed();
            return;
        }
        RequestContext ctx = RequestContext.of(req);
        try {
            UserInfo impersonated = impersonate(ctx.user(), headers);
            if (impersonated != null) {
                LOG.fine(() -> ctx.user().username() + " is impersonating " + impersonated.username());
                ctx.impersonate(impersonated);
            }
        } catch (IllegalArgumentException e) {
            // Upstream answers a malformed impersonation with its plain InternalError, the detail only logged.
            LOG.info(e.getMessage());
            send(res, Statuses.of(500, "InternalError", "Internal Server Error: \"" + req.path().path() + "\""));
            return;
        } catch (StatusException e) {
            send(res, e);
            return;
        }
        chain.proceed();
    }

    /**
     * The user {@code requestor} acts as, given the impersonation headers (lower-case names).
     *
     * @return the impersonated user, or null when the headers ask for nothing
     * @throws IllegalArgumentException for groups, extra or uid without a user (upstream's internal error)
     * @throws StatusException          403 Forbidden for the first impersonation the authorizer does not allow
     */
    UserInfo impersonate(UserInfo requestor, Map<String, List<String>> headers) {
        List<Request> requests = requests(headers);
        if (requests.isEmpty()) {
            return null;
        }
        boolean groupsSpecified = !headers.getOrDefault(GROUP, List.of()).isEmpty();
        String username = "";
        String uid = "";
        List<String> groups = new ArrayList<>();
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Request r : requests) {
            String group = r.apiVersion().isEmpty() ? "" : AUTHENTICATION_GROUP;
            String version = "v1";
            String resource;
            String subresource = "";
            switch (r.kind()) {
                case "ServiceAccount" -> {
                    resource = "serviceaccounts";
                    username = SERVICE_ACCOUNT_PREFIX + r.namespace() + ":" + r.name();
                    if (!groupsSpecified) {
                        groups = new ArrayList<>(List.of("system:serviceaccounts", "system:serviceaccounts:" + r.namespace()));
                    }
                }
                case "User" -> {
                    resource = "users";
                    username = r.name();
                }
                case "Group" -> {
                    resource = "groups";
                    groups.add(r.name());
                }
                case "UserExtra" -> {
                    resource = "userextras";
                    subresource = r.fieldPath();
                    extra.computeIfAbsent(r.fieldPath(), k -> new ArrayList<>()).add(r.name());
                }
                case "UID" -> {
                    resource = "uids";
                    uid = r.name();
                }
                default -> throw new IllegalStateException("unknown impersonation request type: " + r);
            }
            Attributes attributes = Attributes.resource(requestor, "impersonate", r.namespace(), group, version, resource,
                    subresource, r.name());
            AuthorizationDecision decision = authorizer.authorize(attributes);
            if (!decision.allowed()) {
                throw forbidden(attributes, decision.reason());
            }
        }
        if (!username.equals(UserInfo.ANONYMOUS.username())) {
            // A non-anonymous user is authenticated, unless the caller named system:unauthenticated outright.
            if (!groups.contains("system:authenticated") && !groups.contains("system:unauthenticated")) {
                groups.add("system:authenticated");
            }
        } else if (!groups.contains("system:unauthenticated")) {
            groups.add("system:unauthenticated");
        }
        return new UserInfo(username, uid, groups, extra);
    }

    /** Upstream's {@code buildImpersonationRequests}: user (or service account), groups, extra values, uid. */
    static List<Request> requests(Map<String, List<String>> headers) {
        List<Request> out = new ArrayList<>();
        String user = headers.getOrDefault(USER, List.of()).stream().findFirst().orElse("");
        boolean hasUser = !user.isEmpty();
        if (hasUser) {
            String[] sa = splitServiceAccount(user);
            out.add(sa != null ? new Request("ServiceAccount", sa[0], sa[1], "", "") : new Request("User", "", user, "", ""));
        }
        List<String> groups = headers.getOrDefault(GROUP, List.of());
        groups.forEach(g -> out.add(new Request("Group", "", g, "", "")));
        boolean hasExtra = false;
        for (var e : headers.entrySet()) {
            if (!e.getKey().startsWith(EXTRA_PREFIX)) {
                continue;
            }
            hasExtra = true;
            String key = unescapeExtraKey(e.getKey().substring(EXTRA_PREFIX.length()));
            e.getValue().forEach(v -> out.add(new Request("UserExtra", "", v, AUTHENTICATION_GROUP + "/v1", key)));
        }
        String uid = headers.getOrDefault(UID, List.of()).stream().findFirst().orElse("");
        if (!uid.isEmpty()) {
            out.add(new Request("UID", "", uid, AUTHENTICATION_GROUP + "/v1", ""));
        }
        if ((!groups.isEmpty() || hasExtra || !uid.isEmpty()) && !hasUser) {
            throw new IllegalArgumentException("requested " + out + " without impersonating a user");
        }
        return out;
    }

    /** Upstream's {@code serviceaccount.SplitUsername}: namespace and name, or null for other user names. */
    static String[] splitServiceAccount(String username) {
        if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) {
            return null;
        }
        String[] parts = username.substring(SERVICE_ACCOUNT_PREFIX.length()).split(":", -1);
        if (parts.length != 2 || parts[0].length() > 63 || !DNS_LABEL.matcher(parts[0]).matches()
                || parts[1].length() > 253 || !DNS_SUBDOMAIN.matcher(parts[1]).matches()) {
            return null;
        }
        return parts;
    }

    /** Go's {@code url.PathUnescape}, keeping the key as sent when it is malformed (as upstream does). */
    static String unescapeExtraKey(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return encoded;
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return encoded;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Upstream's {@code responsewriters.Forbidden}: {@code <resource> "<name>" is forbidden: User "<u>" cannot ...}. */
    static StatusException forbidden(Attributes a, String reason) {
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        String scope = a.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
        String msg = "User \"" + a.user().username() + "\" cannot " + a.verb() + " resource \"" + resource
                + "\" in API group \"" + a.apiGroup() + "\" " + scope;
        if (reason != null && !reason.isEmpty()) {
            msg += ": " + reason;
        }
        String qualified = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
        String message = a.name().isEmpty() ? qualified + " is forbidden: " + msg
                : qualified + " \"" + a.name() + "\" is forbidden: " + msg;
        StatusException e = Statuses.of(403, "Forbidden", message);
        StatusDetails details = new StatusDetails();
        details.setGroup(a.apiGroup());
        details.setKind(a.resource());
        details.setName(a.name());
        e.status().setDetails(details);
        return e;
    }

    private static void send(RoutingResponse res, StatusException e) {
        res.status(Status.create(e.code()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        res.send(Json.bytes(e.status()));
    }
}

package io.capstan.apiserver.filters;

import io.capstan.apiserver.authentication.AuthenticationException;
import io.capstan.apiserver.authentication.AuthenticationRequest;
import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.Authenticator;
import io.capstan.apiserver.authentication.RequestHeaders;
import io.capstan.apiserver.authentication.headerrequest.RequestHeaderAuthenticator;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells who made each request, as upstream's {@code filters.WithAuthentication}: runs the authenticator over the
 * request's headers and TLS client certificates, records the user in the {@link RequestContext}, and answers
 * {@code 401 Unauthorized} when the credentials are invalid (or missing, with anonymous requests off). The
 * credentials are then blanked ({@code Authorization}, the front-proxy headers), so no handler is tempted to
 * use them.
 */
public final class AuthenticationFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class.getName());
    /** Upstream's {@code apierrors.NewUnauthorized("Unauthorized")} body. */
    static final byte[] UNAUTHORIZED = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
            + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Authenticator authenticator;
    private final List<String> apiAudiences;
    private final Optional<RequestHeaderAuthenticator> requestHeader;

    /**
     * @param apiAudiences  the API server's audiences; a response for none of them is rejected
     * @param requestHeader the front-proxy authenticator, whose headers are blanked after authentication
     */
    public AuthenticationFilter(Authenticator authenticator, List<String> apiAudiences, Optional<RequestHeaderAuthenticator> requestHeader) {
        this.authenticator = authenticator;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.requestHeader = requestHeader;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        AuthenticationRequest request = request(req);
        Optional<AuthenticationResponse> result;
        try {
            result = authenticator.authenticate(request);
        } catch (AuthenticationException e) {
            LOG.log(Level.FINE, "Unable to authenticate the request: " + e.getMessage());
            unauthorized(res);
            return;
        }
        if (result.isEmpty()) {
            unauthorized(res);
            return;
        }
        AuthenticationResponse r = result.get();
        if (!apiAudiences.isEmpty() && !r.audiences().isEmpty() && r.audiences().stream().noneMatch(apiAudiences::contains)) {
            LOG.log(Level.FINE, "Unable to match the audience: " + r.audiences() + " , accepted: " + apiAudiences);
            unauthorized(res);
            return;
        }
        RequestContext.of(req).authenticated(r.user(), r.audiences());
        // The credentials are not needed any more; blank them so nothing downstream uses (or forwards) them.
        if (req.headers().contains(HeaderNames.AUTHORIZATION)) {
            req.header(HeaderValues.create(HeaderNames.AUTHORIZATION, ""));
        }
        requestHeader.ifPresent(rh -> {
            List<io.helidon.http.HeaderName> used = new ArrayList<>();
            for (Header h : req.headers()) {
                if (rh.isAuthenticationHeader(h.name())) {
                    used.add(h.headerName());
                }
            }
            used.forEach(name -> req.header(HeaderValues.create(name, "")));
        });
        chain.proceed();
    }

    /** What the authenticators see of a Helidon request: its headers and the TLS client's chain. */
    static AuthenticationRequest request(RoutingRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : req.headers()) {
            headers.computeIfAbsent(h.name(), k -> new ArrayList<>()).addAll(h.allValues());
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            Optional<Certificate[]> certs = req.remotePeer().tlsCertificates();
            if (certs.isPresent()) {
                for (Certificate c : certs.get()) {
                    if (c instanceof X509Certificate x) {
                        chain.add(x);
                    }
                }
            }
        } catch (RuntimeException e) {
            // No TLS session, or the client sent no certificate.
        }
        return new AuthenticationRequest(RequestHeaders.of(headers), chain);
    }

    private static void unauthorized(RoutingResponse res) {
        res.status(Status.UNAUTHORIZED_401);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        res.send(UNAUTHORIZED);
    }
}

package io.capstan.apiserver.openapi;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One serialized OpenAPI document, built once, with its entity tag: the upper-case hex SHA-512 of
 * its bytes, as kube-openapi computes it (the {@code hash} of {@code /openapi/v3} URLs).
 *
 * @param contentType the media type it is served as
 */
public record CachedDocument(byte[] bytes, String etag, String contentType) {

    /** The document {@code bytes}, served as {@code contentType}. */
    public static CachedDocument of(byte[] bytes, String contentType) {
        return new CachedDocument(bytes, sha512(bytes), contentType);
    }

    /**
     * Sends the document with its {@code ETag}, or {@code 304 Not Modified} when the request's
     * {@code If-None-Match} names it (what Go's {@code http.ServeContent} does for kube-openapi).
     */
    void send(ServerRequest req, ServerResponse res, ZonedDateTime lastModified) {
        String quoted = "\"" + etag + "\"";
        res.header(HeaderNames.ETAG, quoted);
        res.header(HeaderNames.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(lastModified.withZoneSameInstant(ZoneOffset.UTC)));
        String ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH).orElse(null);
        if (ifNoneMatch != null && matches(ifNoneMatch, quoted)) {
            res.status(304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(bytes);
    }

    private static boolean matches(String ifNoneMatch, String quoted) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(quoted)) {
                return true;
            }
        }
        return false;
    }

    static String sha512(byte[] data) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

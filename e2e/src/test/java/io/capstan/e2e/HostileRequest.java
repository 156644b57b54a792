package io.capstan.e2e;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One crafted request of the hostile-input suite and the answer upstream gives it: a {@code Status} with
 * {@code code} and {@code reason}. {@code rawHead}, when set, replaces the request line and headers built
 * from the other fields (for malformed headers and request lines).
 *
 * @param category  what the case probes ({@code malformed-json}, {@code names}, ...), for the report
 * @param connector how to connect, for cases about credentials (no client certificate, a forged one); null
 *                  for the target's own connector (the admin client certificate)
 */
record HostileRequest(String category, String name, String method, String path, Map<String, String> headers,
                      byte[] body, byte[] rawHead, int code, String reason, RawHttp.Connector connector) {

    static HostileRequest of(String category, String name, String method, String path, String contentType,
                             String body, int code, String reason) {
        return of(category, name, method, path, contentType, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8),
                code, reason);
    }

    static HostileRequest of(String category, String name, String method, String path, String contentType,
                             byte[] body, int code, String reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return new HostileRequest(category, name, method, path, headers, body, null, code, reason, null);
    }

    /** A request whose request line and headers are given byte for byte (ending in the blank line). */
    static HostileRequest raw(String category, String name, String head, byte[] body, int code, String reason) {
        return new HostileRequest(category, name, "", "", Map.of(), body, head.getBytes(StandardCharsets.ISO_8859_1), code, reason, null);
    }

    /** The same request with one more header. */
    HostileRequest withHeader(String header, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(header, value);
        return new HostileRequest(category, name, method, path, h, body, rawHead, code, reason, connector);
    }

    /** The same request over another connector (other TLS credentials). */
    HostileRequest over(RawHttp.Connector other) {
        return new HostileRequest(category, name, method, path, headers, body, rawHead, code, reason, other);
    }

    @Override
    public String toString() {
        String target = rawHead != null ? "(raw request)" : method + " " + (path.length() > 120 ? path.substring(0, 120) + "..." : path);
        return category + "/" + name + " [" + target + ", " + body.length + " bytes] -> expected " + code + " " + reason;
    }
}

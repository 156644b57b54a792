package io.capstan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.common.json.Json;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one request byte for byte as given, over a fresh connection, and reads the answer: the hostile-input
 * suite's only way onto the wire, so that nothing (a client library's validation, normalization or retries)
 * stands between a crafted request and the server. The request is written on its own thread, so a server
 * that answers early (413) and closes is heard, not mistaken for a broken pipe. Connections come from a
 * {@link Connector}: {@link #tls} for the control plane's HTTPS ports, {@link #PLAIN} for plain TCP.
 */
final class RawHttp {
    /** Opens the connection to a server; {@link #PLAIN} for http, an {@code SSLSocketFactory} for https. */
    @FunctionalInterface
    interface Connector {
        Socket connect(URI server) throws IOException;
    }

    /** Plain TCP. */
    static final Connector PLAIN = server -> new Socket(server.getHost(), server.getPort());

    /** TLS with {@code context}'s trust and client certificate (the handshake happens on first use). */
    static Connector tls(javax.net.ssl.SSLContext context) {
        return server -> context.getSocketFactory().createSocket(server.getHost(), server.getPort());
    }

    /** An answer: status code, headers (lower-case names, last value wins) and body. */
    record Response(int code, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }
    }

    private final URI server;
    private final Connector connector;

    RawHttp(URI server, Connector connector) {
        this.server = server;
        this.connector = connector;
    }

    URI server() {
        return server;
    }

    /** The same server over another connector (other credentials: none, a forged certificate). */
    RawHttp with(Connector other) {
        return new RawHttp(server, other);
    }

    /** Opens a connection for a test that drives the socket itself (slow clients). */
    Socket open() throws IOException {
        Socket socket = connector.connect(server);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /**
     * Sends a request: {@code head} is everything up to and including the blank line (request line and
     * headers, CRLF-separated), {@code body} follows as is.
     *
     * @throws IOException when no complete answer arrives within {@code timeout} (a hang) or the
     *                     connection closes without one
     */
    Response exchange(byte[] head, byte[] body, Duration timeout) throws IOException {
        try (Socket socket = open()) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(head);
                    if (body.length > 0) {
                        out.write(body);
                    }
                    out.flush();
                } catch (IOException e) {
                    // The server answered early and closed; its answer is what counts.
                }
            });
            try {
                return read(new BufferedInputStream(socket.getInputStream()));
            } finally {
                writer.interrupt();
            }
        }
    }

    /** Builds the head of a request: request line, Host, the given headers, Content-Length for a body, Connection: close. */
    byte[] head(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        sb.append("Host: ").append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
        boolean hasLength = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            String name = h.getKey().toLowerCase(Locale.ROOT);
            hasLength |= name.equals("content-length") || name.equals("transfer-encoding");
        }
        if (!hasLength && (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("the server closed the connection without an answer");
        }
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: " + status);
        }
        int code = Integer.parseInt(parts[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = chunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(code, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                return out.toByteArray();
            }
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (n == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // trailers are not used
                }
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            line(in);
        }
    }

    /** One CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}

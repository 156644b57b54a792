package io.capstan.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection, one request at a time: the benchmarks' load generator. It
 * shares the 2 cores with the server it measures, so it does the least work a client can (no
 * connection pool, futures or selector thread, unlike the JDK's {@code HttpClient}), as the raw
 * storage side's client does the least work its protocol needs.
 */
final class HttpConnection implements AutoCloseable {
    /** A response: status code and body. */
    record Response(int code, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A connection to {@code server}; TLS with {@code tls} for an {@code https} URL, as the benchmarks' clients. */
    HttpConnection(URI server, javax.net.ssl.SSLContext tls) throws IOException {
        this.host = server.getHost() + ":" + server.getPort();
        if ("https".equals(server.getScheme())) {
            javax.net.ssl.SSLSocket tlsSocket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket(server.getHost(), server.getPort());
            javax.net.ssl.SSLParameters parameters = tlsSocket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // verify the server's name, as real clients do
            tlsSocket.setSSLParameters(parameters);
            tlsSocket.startHandshake();
            this.socket = tlsSocket;
        } else {
            this.socket = new Socket(server.getHost(), server.getPort());
        }
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    Response get(String path) throws IOException {
        return send("GET", path, null, null);
    }

    Response send(String method, String path, String contentType, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\nAccept: application/json\r\n");
        if (body != null) {
            head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null) {
            out.write(h);
        } else {
            byte[] all = new byte[h.length + body.length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(body, 0, all, h.length, body.length);
            out.write(all);
        }
        out.flush();
        return read();
    }

    private Response read() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            String name = l.substring(0, colon).trim();
            String value = l.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return new Response(code, body.toByteArray());
                }
                body.write(in.readNBytes(n));
                line();
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length or chunked encoding");
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new IOException("connection closed in the body");
        }
        return new Response(code, body);
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

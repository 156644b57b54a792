package io.capstan.apiserver.endpoints;

import io.capstan.apiserver.audit.RawBody;
import io.capstan.apiserver.filters.RequestContext;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.protobuf.ProtobufDecoder;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and decodes request bodies: at most 3 MiB, JSON or YAML, as upstream limits and decodes them. */
public final class RequestBody {
    /** Upstream's {@code MaxRequestBodyBytes}. */
    public static final int MAX_BYTES = io.capstan.common.server.ServiceLauncher.MAX_REQUEST_BODY_BYTES;

    private RequestBody() {
    }

    /** The raw body; 413 when larger than {@link #MAX_BYTES}. */
    public static byte[] read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = io.capstan.common.server.ReadTimeout.installed().body(req.content().inputStream())) {
            byte[] data = in.readNBytes(MAX_BYTES + 1);
            if (data.length > MAX_BYTES) {
                throw tooLarge();
            }
            RequestContext.of(req).requestObject(new RawBody(data, contentType(req))); // for the audit log
            return data;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw Statuses.badRequest("unable to read the request body: " + e.getMessage());
        } catch (io.capstan.common.api.StatusException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof io.helidon.http.RequestException re && re.status() != null && re.status().code() == 413) {
                    // A chunked body (no Content-Length) that the web server cut off at its payload limit.
                    throw tooLarge();
                }
            }
            // The web server's own failure to read the rest of the body (a client that stalled past the read
            // timeout or closed mid-body): the request is incomplete, not a server error.
            throw Statuses.badRequest("unable to read the request body: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static RuntimeException tooLarge() {
        return Statuses.tooLarge("Request entity too large: limit is " + MAX_BYTES);
    }

    /** The bare Content-Type of the request, or {@code ""}. */
    public static String contentType(ServerRequest req) {
        return MediaTypes.bare(req.headers().first(HeaderNames.CONTENT_TYPE).orElse(""));
    }

    /**
     * The bare Content-Type of a request whose body is an object (create, update, subresources): JSON (also
     * when absent), YAML or Kubernetes protobuf, as upstream's {@code NegotiateInputSerializer}.
     *
     * @throws io.capstan.common.api.StatusException 415 for a patch type, another type, or an unparsable header
     */
    public static String objectContentType(ServerRequest req) {
        String header = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        String type = MediaTypes.bare(header);
        if (header.isBlank()) {
            return "";
        }
        return switch (type) {
            case MediaTypes.JSON, MediaTypes.YAML, "application/x-yaml", "text/yaml", ProtobufDecoder.CONTENT_TYPE -> type;
            default -> throw Statuses.unsupportedMediaType(type);
        };
    }

    /**
     * Decodes an object body as JSON or YAML by its Content-Type (JSON when absent).
     *
     * @throws io.capstan.common.api.StatusException 415 for other types, 400 for a malformed body
     */
    public static ObjectNode decodeObject(byte[] body, String contentType, boolean strict) {
        JsonNode node = decode(body, contentType, strict);
        if (!(node instanceof ObjectNode o)) {
            throw Statuses.badRequest("the body of the request must be a JSON or YAML object, not " + node.getNodeType().name().toLowerCase());
        }
        return o;
    }

    /**
     * Decodes any JSON or YAML document.
     *
     * @param strict refuse duplicate fields ({@code fieldValidation=Strict}); otherwise the last one wins
     */
    public static JsonNode decode(byte[] body, String contentType, boolean strict) {
        return decode(body, contentType, strict, false);
    }

    /**
     * {@link #decodeObject} of a JSON body in one pass when it names no field twice in one object;
     * null when it does, or when the body is not JSON: then decode it with {@link #decodeObject} and
     * list the duplicates with {@link #duplicateFields}. Saves the second pass over every body that
     * has no duplicates, the common case.
     */
    public static ObjectNode decodeObjectWithoutDuplicates(byte[] body, String contentType) {
        if (!contentType.isEmpty() && !contentType.equals(MediaTypes.JSON)) {
            return null;
        }
        JsonNode node = decode(body, contentType, true, true);
        if (node == null) {
            return null;
        }
        if (!(node instanceof ObjectNode o)) {
            throw Statuses.badRequest("the body of the request must be a JSON or YAML object, not " + node.getNodeType().name().toLowerCase());
        }
        return o;
    }

    private static JsonNode decode(byte[] body, String contentType, boolean strict, boolean nullOnDuplicate) {
        if (contentType.equals(ProtobufDecoder.CONTENT_TYPE)) {
            return decodeProtobuf(body);
        }
        boolean yaml = switch (contentType) {
            case "", MediaTypes.JSON, MediaTypes.JSON_PATCH, MediaTypes.MERGE_PATCH, MediaTypes.STRATEGIC_MERGE_PATCH -> false;
            case MediaTypes.YAML, "application/x-yaml", "text/yaml", MediaTypes.APPLY_PATCH -> true;
            default -> throw Statuses.unsupportedMediaType(contentType);
        };
        if (body.length == 0) {
            throw Statuses.badRequest("the request body is empty; send a JSON or YAML object");
        }
        if (!yaml) {
            body = GoUtf8.replaceInvalid(body);
        }
        try (JsonParser p = (yaml ? Json.YAML : Json.MAPPER).getFactory().createParser(body)) {
            if (strict) {
                p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            }
            JsonNode node = (yaml ? Json.YAML : Json.MAPPER).readTree(p);
            if (node == null || node.isMissingNode()) {
                throw Statuses.badRequest("the request body is empty; send a JSON or YAML object");
            }
            if (!yaml && p.nextToken() != null) {
                throw Statuses.badRequest("invalid JSON: unexpected data after the top-level value");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonParseException e) {
            if (strict && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                if (nullOnDuplicate) {
                    return null;
                }
                List<String> dups = duplicateFields(body, contentType);
                throw Statuses.badRequest("strict decoding error: " + (dups.isEmpty() ? firstLine(e.getOriginalMessage())
                        : String.join(", ", dups.stream().map(d -> "duplicate field \"" + d + "\"").toList())));
            }
            throw Statuses.badRequest("the body of the request was not valid " + (yaml ? "YAML" : "JSON") + ": " + firstLine(e.getMessage()));
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw Statuses.badRequest("the request body nests too deeply or holds a value too large: " + firstLine(e.getOriginalMessage())
                    + " (limit: depth " + StreamReadConstraints.DEFAULT_MAX_DEPTH + ")");
        } catch (IOException e) {
            String what = yaml ? "YAML" : "JSON";
            throw Statuses.badRequest("the body of the request was not valid " + what + ": " + firstLine(e.getMessage()));
        }
    }

    /**
     * The paths of fields a JSON or YAML body names twice in one object, in document order, as upstream's
     * strict decoder reports them ({@code metadata.name}, {@code spec.containers[0].image}); empty for
     * other content types or a malformed body (whose error is reported elsewhere).
     */
    public static List<String> duplicateFields(byte[] body, String contentType) {
        return fields(body, contentType).stream().filter(FieldName::duplicate).map(FieldName::path).toList();
    }

    /**
     * Upstream's strict decoding errors ({@code unknown field "p"}, {@code duplicate field "p"}) in the
     * order its decoder meets them, walking the body's fields in document order: an unknown field where
     * it first appears (its value is skipped, so nothing inside it counts), a known field where it
     * appears again in the same object; each error once, as the decoder keeps them. {@code unknown}
     * lists the unknown fields' paths; one not found in the body comes last.
     */
    public static List<String> strictDecodingErrors(byte[] body, String contentType, List<String> unknown) {
        Set<String> unknownPaths = new HashSet<>(unknown);
        java.util.LinkedHashSet<String> errors = new java.util.LinkedHashSet<>();
        for (FieldName f : fields(body, contentType)) {
            if (unknownPaths.contains(f.path())) {
                errors.add("unknown field \"" + f.path() + "\"");
            } else if (f.duplicate() && unknownPaths.stream().noneMatch(u -> f.path().startsWith(u + ".")
                    || f.path().startsWith(u + "["))) {
                errors.add("duplicate field \"" + f.path() + "\"");
            }
        }
        unknown.forEach(u -> errors.add("unknown field \"" + u + "\""));
        return List.copyOf(errors);
    }

    /** One field name of a body: its path, and whether its object named it before. */
    private record FieldName(String path, boolean duplicate) {
    }

    /** Every field name of a JSON or YAML body in document order; what was read of a malformed one. */
    private static List<FieldName> fields(byte[] body, String contentType) {
        boolean yaml = switch (contentType) {
            case "", MediaTypes.JSON, MediaTypes.JSON_PATCH, MediaTypes.MERGE_PATCH, MediaTypes.STRATEGIC_MERGE_PATCH -> false;
            case MediaTypes.YAML, "application/x-yaml", "text/yaml", MediaTypes.APPLY_PATCH -> true;
            default -> {
                yield false;
            }
        };
        if (body.length == 0 || contentType.equals(ProtobufDecoder.CONTENT_TYPE)) {
            return List.of();
        }
        List<FieldName> out = new ArrayList<>();
        // one frame per open object (its seen names and current field) or array (its next index)
        Deque<Object[]> frames = new ArrayDeque<>();
        try (JsonParser p = (yaml ? Json.YAML : Json.MAPPER).getFactory().createParser(body)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case START_OBJECT -> {
                        beforeValue(frames);
                        frames.push(new Object[] {new HashSet<String>(), null});
                    }
                    case START_ARRAY -> {
                        beforeValue(frames);
                        frames.push(new Object[] {-1});
                    }
                    case END_OBJECT, END_ARRAY -> frames.pop();
                    case FIELD_NAME -> {
                        Object[] f = frames.peek();
                        @SuppressWarnings("unchecked") Set<String> seen = (Set<String>) f[0];
                        f[1] = p.currentName();
                        out.add(new FieldName(path(frames), !seen.add(p.currentName())));
                    }
                    default -> beforeValue(frames);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** Advances the index of the enclosing array, if any, for the value about to start. */
    private static void beforeValue(Deque<Object[]> frames) {
        Object[] f = frames.peek();
        if (f != null && f.length == 1) {
            f[0] = (Integer) f[0] + 1;
        }
    }

    private static String path(Deque<Object[]> frames) {
        StringBuilder sb = new StringBuilder();
        java.util.Iterator<Object[]> it = frames.descendingIterator();
        while (it.hasNext()) {
            Object[] f = it.next();
            if (f.length == 1) {
                sb.append('[').append(f[0]).append(']');
            } else if (f[1] != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(f[1]);
            }
        }
        return sb.toString();
    }

    /** kubectl's typed clients send built-in kinds as Kubernetes protobuf; they are stored as JSON. */
    private static JsonNode decodeProtobuf(byte[] body) {
        if (body.length == 0) {
            throw Statuses.badRequest("the request body is empty; send a Kubernetes object");
        }
        try {
            return ProtobufDecoder.decode(body);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains("are not supported")) {
                throw Statuses.of(415, "UnsupportedMediaType", e.getMessage());
            }
            throw Statuses.badRequest("the body of the request was not valid Kubernetes protobuf: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl >= 0 ? s.substring(0, nl) : s;
    }
}

package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Factories for the Status errors upstream returns (k8s.io/apimachinery/pkg/api/errors), with the
 * same reasons, codes and messages, so that clients recognise them.
 */
public final class Statuses {
    private Statuses() {
    }

    /** A successful Status, as returned by some deletes. */
    public static Status success(String group, String kind, String name, String uid) {
        return base(200, null, null).withStatus("Success")
                .withDetails(details(group, kind, name, uid)).build();
    }

    /** 404 for a named object: {@code pods "x" not found}. */
    public static StatusException notFound(String group, String resource, String name) {
        return error(base(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found")
                .withDetails(details(group, resource, name, null)));
    }

    /** 404 for a path the server does not serve. */
    public static StatusException pathNotFound() {
        return error(base(404, "NotFound", "the server could not find the requested resource")
                .withDetails(new StatusDetails()));
    }

    /** 409 AlreadyExists. */
    public static StatusException alreadyExists(String group, String resource, String name) {
        return error(base(409, "AlreadyExists", qualified(group, resource) + " \"" + name + "\" already exists")
                .withDetails(details(group, resource, name, null)));
    }

    /** 409 Conflict with upstream's optimistic-concurrency message. */
    public static StatusException conflict(String group, String resource, String name, String why) {
        return error(base(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource)
                + " \"" + name + "\": " + why).withDetails(details(group, resource, name, null)));
    }

    /** The message upstream uses when a resourceVersion precondition fails. */
    public static final String OPTIMISTIC_LOCK_MESSAGE =
            "the object has been modified; please apply your changes to the latest version and try again";

    /** 400 BadRequest. */
    public static StatusException badRequest(String message) {
        return error(base(400, "BadRequest", message));
    }

    /** 422 Invalid, listing every failing field: {@code Pod "x" is invalid: [a: Required value, b: ...]}. */
    public static StatusException invalid(String group, String kind, String name, List<StatusCause> causes) {
        String list = causes.stream().map(c -> (c.getField() == null ? "" : c.getField() + ": ") + c.getMessage())
                .collect(Collectors.joining(", "));
        String message = qualifiedKind(group, kind) + " \"" + name + "\" is invalid"
                + (causes.isEmpty() ? "" : ": " + (causes.size() == 1 ? list : "[" + list + "]"));
        StatusDetails d = details(group, kind, name, null);
        d.setCauses(causes);
        return error(base(422, "Invalid", message).withDetails(d));
    }

    /** One field failure for {@link #invalid}; {@code reason} is e.g. {@code FieldValueRequired}. */
    public static StatusCause cause(String reason, String field, String message) {
        StatusCause c = new StatusCause();
        c.setReason(reason);
        c.setField(field);
        c.setMessage(message);
        return c;
    }

    /** 410 Gone with reason Expired, as for a compacted resourceVersion. */
    public static StatusException gone(String message) {
        return error(base(410, "Expired", message));
    }

    /** 405 MethodNotAllowed. */
    public static StatusException methodNotAllowed(String method) {
        return error(base(405, "MethodNotAllowed", "the server does not allow this method on the requested resource")
                .withDetails(new StatusDetails()));
    }

    /** 406 NotAcceptable. */
    public static StatusException notAcceptable(String message) {
        return error(base(406, "NotAcceptable", message));
    }

    /** 413 RequestEntityTooLarge. */
    public static StatusException tooLarge(String message) {
        return error(base(413, "RequestEntityTooLarge", message));
    }

    /** 415 UnsupportedMediaType. */
    public static StatusException unsupportedMediaType(String contentType) {
        return error(base(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                + "application/json, application/yaml, application/vnd.kubernetes.protobuf")
                .withDetails(new StatusDetails()));
    }

    /** 500 InternalError. */
    public static StatusException internal(String message) {
        StatusDetails d = new StatusDetails();
        d.setCauses(List.of(cause("UnexpectedServerResponse", null, message)));
        return error(base(500, "InternalError", "Internal error occurred: " + message).withDetails(d));
    }

    /** 503 ServiceUnavailable. */
    public static StatusException unavailable(String message) {
        return error(base(503, "ServiceUnavailable", message));
    }

    /** 504 Timeout. */
    public static StatusException timeout(String message) {
        return error(base(504, "Timeout", message));
    }

    /**
     * Upstream's {@code storage.NewTooLargeResourceVersionError}: a 504 {@code Timeout} for a read at a
     * revision the server has not reached, with the {@code ResourceVersionTooLarge} cause client-go's
     * reflector looks for, and {@code retryAfterSeconds}.
     */
    public static StatusException tooLargeResourceVersion(long requested, long current, int retryAfterSeconds) {
        StatusDetails d = new StatusDetails();
        StatusCause cause = new StatusCause();
        cause.setReason("ResourceVersionTooLarge");
        cause.setMessage("Too large resource version");
        d.setCauses(List.of(cause));
        if (retryAfterSeconds > 0) {
            d.setRetryAfterSeconds(retryAfterSeconds); // upstream's omitempty: no field for 0
        }
        return error(base(504, "Timeout", "Timeout: Too large resource version: " + requested + ", current: " + current)
                .withDetails(d));
    }

    /** Any Status error. */
    public static StatusException of(int code, String reason, String message) {
        return error(base(code, reason, message));
    }

    private static StatusException error(StatusBuilder b) {
        return new StatusException(b.build());
    }

    private static StatusBuilder base(int code, String reason, String message) {
        return new StatusBuilder().withApiVersion("v1").withKind("Status").withMetadata(new ListMeta())
                .withStatus("Failure").withCode(code).withReason(reason).withMessage(message);
    }

    private static StatusDetails details(String group, String kind, String name, String uid) {
        StatusDetails d = new StatusDetails();
        d.setName(name);
        d.setGroup(group == null || group.isEmpty() ? null : group);
        d.setKind(kind);
        d.setUid(uid);
        return d;
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    private static String qualifiedKind(String group, String kind) {
        return group == null || group.isEmpty() ? kind : kind + "." + group;
    }
}

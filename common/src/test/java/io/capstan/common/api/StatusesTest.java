package io.capstan.common.api;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The Status errors of upstream's k8s.io/apimachinery/pkg/api/errors. */
class StatusesTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments(Statuses.notFound("", "pods", "x"), 404, "NotFound", "pods \"x\" not found"),
                arguments(Statuses.notFound("apps", "deployments", "web"), 404, "NotFound", "deployments.apps \"web\" not found"),
                arguments(Statuses.alreadyExists("", "configmaps", "cm"), 409, "AlreadyExists", "configmaps \"cm\" already exists"),
                arguments(Statuses.alreadyExists("coordination.k8s.io", "leases", "l"), 409, "AlreadyExists",
                        "leases.coordination.k8s.io \"l\" already exists"),
                arguments(Statuses.conflict("", "pods", "x", Statuses.OPTIMISTIC_LOCK_MESSAGE), 409, "Conflict",
                        "Operation cannot be fulfilled on pods \"x\": the object has been modified; please apply your changes to the latest version and try again"),
                arguments(Statuses.gone("too old resource version: 5 (10)"), 410, "Expired", "too old resource version: 5 (10)"),
                arguments(Statuses.tooLarge("Request entity too large: limit is 3145728"), 413, "RequestEntityTooLarge",
                        "Request entity too large: limit is 3145728"),
                arguments(Statuses.unsupportedMediaType("text/plain"), 415, "UnsupportedMediaType",
                        "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf"),
                arguments(Statuses.badRequest("bad"), 400, "BadRequest", "bad"),
                arguments(Statuses.notAcceptable("only json"), 406, "NotAcceptable", "only json"),
                arguments(Statuses.methodNotAllowed("POST"), 405, "MethodNotAllowed",
                        "the server does not allow this method on the requested resource"),
                arguments(Statuses.internal("boom"), 500, "InternalError", "Internal error occurred: boom"),
                arguments(Statuses.unavailable("etcd down"), 503, "ServiceUnavailable", "etcd down"),
                arguments(Statuses.timeout("slow"), 504, "Timeout", "slow"),
                arguments(Statuses.pathNotFound(), 404, "NotFound", "the server could not find the requested resource"));
    }

    @ParameterizedTest(name = "{1} {2}: {3}")
    @MethodSource("errors")
    void carriesUpstreamCodeReasonAndMessage(StatusException e, int code, String reason, String message) {
        Status s = e.status();
        assertEquals("v1", s.getApiVersion());
        assertEquals("Status", s.getKind());
        assertEquals("Failure", s.getStatus());
        assertEquals(code, s.getCode());
        assertEquals(code, e.code());
        assertEquals(reason, s.getReason());
        assertEquals(reason, e.reason());
        assertEquals(message, s.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void namedErrorsCarryDetails() {
        Status s = Statuses.notFound("apps", "deployments", "web").status();
        assertEquals("web", s.getDetails().getName());
        assertEquals("apps", s.getDetails().getGroup());
        assertEquals("deployments", s.getDetails().getKind());
        assertNull(Statuses.notFound("", "pods", "x").status().getDetails().getGroup(), "the core group is omitted");
    }

    @Test
    void invalidListsEveryCause() {
        StatusException e = Statuses.invalid("", "Pod", "x", List.of(
                Statuses.cause("FieldValueRequired", "spec.containers", "Required value"),
                Statuses.cause("FieldValueInvalid", "metadata.name", "Invalid value: \"X\": must be lower case")));
        assertEquals(422, e.code());
        assertEquals("Invalid", e.reason());
        assertEquals("Pod \"x\" is invalid: [spec.containers: Required value, metadata.name: Invalid value: \"X\": must be lower case]",
                e.getMessage());
        assertEquals("Pod", e.status().getDetails().getKind());
        assertEquals("x", e.status().getDetails().getName());
        List<StatusCause> causes = e.status().getDetails().getCauses();
        assertEquals(2, causes.size());
        assertEquals("FieldValueRequired", causes.get(0).getReason());
        assertEquals("spec.containers", causes.get(0).getField());
        assertEquals("Required value", causes.get(0).getMessage());
    }

    @Test
    void invalidWithOneCauseHasNoBrackets() {
        StatusException e = Statuses.invalid("apps", "Deployment", "web", List.of(
                Statuses.cause("FieldValueRequired", "spec.selector", "Required value")));
        assertEquals("Deployment.apps \"web\" is invalid: spec.selector: Required value", e.getMessage());
        assertEquals("apps", e.status().getDetails().getGroup());
    }

    @Test
    void invalidWithoutCausesEndsAfterInvalid() {
        assertEquals("Pod \"x\" is invalid", Statuses.invalid("", "Pod", "x", List.of()).getMessage());
    }

    @Test
    void successIsNotAnError() {
        Status s = Statuses.success("", "pods", "x", "uid-1");
        assertEquals("Success", s.getStatus());
        assertEquals(200, s.getCode());
        assertEquals("uid-1", s.getDetails().getUid());
    }

    @Test
    void predicatesFollowCodeAndReason() {
        assertTrue(Statuses.notFound("", "pods", "x").isNotFound());
        assertTrue(Statuses.alreadyExists("", "pods", "x").isAlreadyExists());
        assertFalse(Statuses.alreadyExists("", "pods", "x").isConflict());
        assertTrue(Statuses.conflict("", "pods", "x", "why").isConflict());
        assertFalse(Statuses.conflict("", "pods", "x", "why").isAlreadyExists());
        assertTrue(Statuses.gone("old").isGone());
    }
}

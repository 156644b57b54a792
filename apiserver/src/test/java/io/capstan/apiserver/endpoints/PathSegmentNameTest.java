package io.capstan.apiserver.endpoints;

import io.capstan.common.api.StatusException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream's path segment name rules and the literal request path. */
class PathSegmentNameTest {

    @Test
    void problemsAreUpstreams() {
        assertEquals(List.of("may not be '..'"), PathSegmentName.problems(".."));
        assertEquals(List.of("may not be '.'"), PathSegmentName.problems("."));
        assertEquals(List.of("may not contain '/'", "may not contain '%'"), PathSegmentName.problems("a/%b"));
        assertEquals(List.of(), PathSegmentName.problems("a..b"));
        assertEquals(List.of(), PathSegmentName.problems("my-pod.v1"));
    }

    @Test
    void anInvalidNameIsA400NamingTheParameter() {
        StatusException e = assertThrows(StatusException.class, () ->
                PathSegmentName.validate(RequestInfo.parse("GET", "/api/v1/namespaces/default/pods/..", false)));
        assertEquals(400, e.code());
        assertEquals("BadRequest", e.reason());
        assertEquals("Name parameter invalid: \"..\": may not be '..'", e.status().getMessage());
        StatusException ns = assertThrows(StatusException.class, () ->
                PathSegmentName.validate(RequestInfo.parse("GET", "/api/v1/namespaces/a%b/pods", false)));
        assertEquals("Namespace parameter invalid: \"a%b\": may not contain '%'", ns.status().getMessage());
        assertDoesNotThrow(() -> PathSegmentName.validate(RequestInfo.parse("GET", "/api/v1/namespaces/default/pods/p", false)));
        assertDoesNotThrow(() -> PathSegmentName.validate(RequestInfo.parse("GET", "/api/v1", false)));
    }

    @Test
    void decodeKeepsDotSegmentsAndPlusSigns() {
        assertEquals("/api/v1/namespaces/default/pods/..", PathSegmentName.decode("/api/v1/namespaces/default/pods/%2E%2e"));
        assertEquals("/a/b+c/é/%zz/%", PathSegmentName.decode("/a/b+c/%C3%A9/%zz/%"));
        assertTrue(PathSegmentName.hasDotSegment("/api/v1/namespaces/default/pods/.."));
        assertTrue(PathSegmentName.hasDotSegment("/api/./v1"));
        assertFalse(PathSegmentName.hasDotSegment("/api/v1/namespaces/default/pods/a..b"));
    }
}

package io.capstan.apiserver.endpoints;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cases from upstream's k8s.io/apiserver/pkg/endpoints/request/requestinfo_test.go. */
class RequestInfoTest {

    @ParameterizedTest(name = "{0} {1} watch={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // method | path | watch | verb | group | version | namespace | resource | name | subresource
            "GET    | /api/v1/namespaces                              | false | list             |      | v1 |       | namespaces  |     |",
            "GET    | /api/v1/namespaces/other                        | false | get              |      | v1 | other | namespaces  | other |",
            "GET    | /api/v1/namespaces/other/pods                   | false | list             |      | v1 | other | pods        |     |",
            "GET    | /api/v1/namespaces/other/pods/foo               | false | get              |      | v1 | other | pods        | foo |",
            "HEAD   | /api/v1/namespaces/other/pods/foo               | false | get              |      | v1 | other | pods        | foo |",
            "GET    | /api/v1/pods                                    | false | list             |      | v1 |       | pods        |     |",
            "HEAD   | /api/v1/pods                                    | false | list             |      | v1 |       | pods        |     |",
            // watch: by the query flag and by the deprecated /watch/ prefix
            "GET    | /api/v1/pods                                    | true  | watch            |      | v1 |       | pods        |     |",
            "GET    | /api/v1/namespaces/other/pods                   | true  | watch            |      | v1 | other | pods        |     |",
            "GET    | /api/v1/watch/pods                              | false | watch            |      | v1 |       | pods        |     |",
            "GET    | /api/v1/watch/namespaces/other/pods             | false | watch            |      | v1 | other | pods        |     |",
            "GET    | /api/v1/watch/namespaces/other/pods/foo         | false | watch            |      | v1 | other | pods        | foo |",
            // a named GET stays a get even with ?watch=true, as upstream's RequestInfoFactory
            "GET    | /api/v1/namespaces/other/pods/foo               | true  | get              |      | v1 | other | pods        | foo |",
            // subresources
            "GET    | /api/v1/namespaces/other/pods/foo/status        | false | get              |      | v1 | other | pods        | foo | status",
            "PUT    | /api/v1/namespaces/other/status                 | false | update           |      | v1 | other | namespaces  | other | status",
            "PUT    | /api/v1/namespaces/other/finalize               | false | update           |      | v1 | other | namespaces  | other | finalize",
            "GET    | /apis/apps/v1/namespaces/ns/deployments/d/scale | false | get              | apps | v1 | ns    | deployments | d   | scale",
            "PUT    | /apis/apps/v1/namespaces/ns/deployments/d/scale | false | update           | apps | v1 | ns    | deployments | d   | scale",
            // verbs
            "PATCH  | /api/v1/namespaces/other/pods/foo               | false | patch            |      | v1 | other | pods        | foo |",
            "DELETE | /api/v1/namespaces/other/pods/foo               | false | delete           |      | v1 | other | pods        | foo |",
            "PUT    | /api/v1/namespaces/other/pods/foo               | false | update           |      | v1 | other | pods        | foo |",
            "POST   | /api/v1/namespaces/other/pods                   | false | create           |      | v1 | other | pods        |     |",
            "POST   | /api/v1/namespaces/other/pods/foo/eviction      | false | create           |      | v1 | other | pods        | foo | eviction",
            "POST   | /api/v1/namespaces                              | false | create           |      | v1 |       | namespaces  |     |",
            // deletecollection
            "DELETE | /api/v1/nodes                                   | false | deletecollection |      | v1 |       | nodes       |     |",
            "DELETE | /api/v1/namespaces                              | false | deletecollection |      | v1 |       | namespaces  |     |",
            "DELETE | /api/v1/namespaces/other/pods                   | false | deletecollection |      | v1 | other | pods        |     |",
            "DELETE | /apis/extensions/v1/namespaces/other/pods       | false | deletecollection | extensions | v1 | other | pods |   |",
            // groups and versions
            "POST   | /apis/extensions/v1/namespaces/other/pods       | false | create           | extensions | v1 | other | pods |  |",
            "POST   | /apis/extensions/v1beta3/namespaces/other/pods  | false | create           | extensions | v1beta3 | other | pods | |",
            "GET    | /apis/batch/v1/job                              | false | list             | batch | v1 |      | job         |     |",
            "GET    | /apis/batch/v1/job/foo                          | false | get              | batch | v1 |      | job         | foo |",
            "GET    | /apis/batch/v1/job/foo/scale                    | false | get              | batch | v1 |      | job         | foo | scale",
            "GET    | /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/l | false | get | coordination.k8s.io | v1 | kube-system | leases | l |",
            // trailing and doubled slashes do not matter
            "GET    | /api/v1/namespaces/other/pods/                  | false | list             |      | v1 | other | pods        |     |",
            "GET    | //api//v1//pods                                 | false | list             |      | v1 |       | pods        |     |"})
    void parsesResourceRequests(String method, String path, boolean watch, String verb, String group, String version,
                                String namespace, String resource, String name, String subresource) {
        RequestInfo info = RequestInfo.parse(method, path, watch);
        assertTrue(info.resourceRequest(), path);
        assertEquals(verb, info.verb(), "verb");
        assertEquals(orEmpty(group), info.group(), "group");
        assertEquals(version, info.version(), "version");
        assertEquals(orEmpty(namespace), info.namespace(), "namespace");
        assertEquals(resource, info.resource(), "resource");
        assertEquals(orEmpty(name), info.name(), "name");
        assertEquals(orEmpty(subresource), info.subresource(), "subresource");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /api           | get  |      |",
            "GET  | /api/          | get  |      |",
            "GET  | /api/v1        | get  |      | v1",
            "GET  | /api/version/  | get  |      | version",
            "GET  | /apis          | get  |      |",
            "GET  | /apis/apps     | get  | apps |",
            "GET  | /apis/apps/v1  | get  | apps | v1",
            "GET  | /apis/apps/v1/ | get  | apps | v1",
            "POST | /apis/apps     | post | apps |",
            "GET  | /apis/version/resource | get | version | resource"})
    void discoveryPathsAreNotResourceRequests(String method, String path, String verb, String group, String version) {
        RequestInfo info = RequestInfo.parse(method, path, false);
        assertFalse(info.resourceRequest(), path);
        assertEquals(verb, info.verb());
        assertEquals(orEmpty(group), info.group());
        assertEquals(orEmpty(version), info.version());
        assertEquals("", info.resource());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "", "/healthz", "/badprefix/version/resource", "/not-api/version/resource", "/apiextensions"})
    void pathsOutsideApiAndApisAreNotParsed(String path) {
        assertNull(RequestInfo.parse("GET", path, false));
    }

    /** A blank CSV cell arrives as null. */
    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}

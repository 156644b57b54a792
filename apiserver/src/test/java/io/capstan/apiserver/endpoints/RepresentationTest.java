package io.capstan.apiserver.endpoints;

import io.capstan.common.api.StatusException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Content negotiation of responses, as upstream's apiserver negotiates the Accept header. */
class RepresentationTest {
    /** kubectl get's Accept header, quoted for a CSV cell. */
    private static final String KUBECTL_GET_CSV = "'application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json'";

    @ParameterizedTest(name = "[{0}] table={1} streaming={2} -> {3}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            // Accept | allowTable | streaming | expected
            KUBECTL_GET_CSV + " | true  | false | TABLE",
            KUBECTL_GET_CSV + " | false | false | JSON",
            KUBECTL_GET_CSV + " | true  | true  | TABLE",
            "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json | true | false | TABLE",
            "application/json;as=Table;v=v2;g=meta.k8s.io,application/json      | true | false | JSON",
            "application/json;as=Table;v=v1;g=other.io,application/json         | true | false | JSON",
            "application/json;as=Table;g=meta.k8s.io;v=v1                        | true | false | TABLE",
            "'application/json; as=Table; v=v1; g=meta.k8s.io'                   | true | false | TABLE",
            "application/vnd.kubernetes.protobuf,application/json                | true | false | JSON",
            "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json | true | false | JSON",
            "application/yaml                                                    | false | false | YAML",
            "application/yaml,application/json                                   | false | true  | JSON",
            "application/json,application/yaml                                   | false | false | JSON",
            "APPLICATION/YAML                                                    | false | false | YAML",
            "application/json;charset=utf-8                                      | false | false | JSON",
            "application/json;q=0.9                                              | false | false | JSON",
            "''                                                                  | true  | false | JSON",
            "*/*                                                                 | true  | false | JSON",
            "application/*                                                       | false | false | JSON",
            "'text/html,*/*'                                                     | false | false | JSON",
            "application/cbor,application/json                                   | false | false | JSON"})
    void negotiates(String accept, boolean allowTable, boolean streaming, Representation expected) {
        assertEquals(expected, Representation.negotiate(accept, allowTable, streaming));
    }

    @ParameterizedTest(name = "[{0}] list={1} streaming={2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // Accept | list | streaming | expected
            "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json            | false | false | METADATA",
            "application/json;as=PartialObjectMetadata;v=v1beta1;g=meta.k8s.io                       | false | false | METADATA_V1BETA1",
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io                        | true  | false | METADATA",
            "application/json;as=PartialObjectMetadataList;v=v1beta1;g=meta.k8s.io                   | true  | false | METADATA_V1BETA1",
            "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io                            | true  | true  | METADATA",
            "application/json;as=PartialObjectMetadata;v=v2;g=meta.k8s.io,application/json          | false | false | JSON",
            "application/json;as=PartialObjectMetadata;v=v1;g=apps,application/json                  | true  | false | JSON",
            "application/json;as=Pod;v=v1;g=meta.k8s.io,application/json                             | true  | false | JSON"})
    void negotiatesPartialObjectMetadata(String accept, boolean list, boolean streaming, Representation expected) {
        assertEquals(expected, Representation.negotiate(accept, true, streaming, list));
    }

    @ParameterizedTest(name = "[{0}] list={1} streaming={2}")
    @CsvSource(delimiter = '|', value = {
            "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json     | true  | false | the requested object is a list",
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json | false | false | the requested object is not a list",
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io                  | true  | true  | the requested object is not a list",
            "application/json;as=PartialObjectMetadata;v=v3;g=meta.k8s.io                      | false | false | only the following media types are accepted"})
    void mismatchedPartialObjectMetadataIsNotAcceptable(String accept, boolean list, boolean streaming, String message) {
        StatusException e = assertThrows(StatusException.class, () -> Representation.negotiate(accept, true, streaming, list));
        assertEquals(406, e.code());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @ParameterizedTest(name = "[{0}] table={1} streaming={2}")
    @CsvSource(delimiter = '|', value = {
            "application/vnd.kubernetes.protobuf                    | true  | false",
            "text/html                                              | true  | false",
            "application/json;as=Table;v=v1;g=meta.k8s.io           | false | false",
            "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io | false | false",
            "application/yaml                                       | false | true"})
    void onlyUnsupportedTypesIsNotAcceptable(String accept, boolean allowTable, boolean streaming) {
        StatusException e = assertThrows(StatusException.class, () -> Representation.negotiate(accept, allowTable, streaming));
        assertEquals(406, e.code());
        assertEquals("NotAcceptable", e.reason());
        assertTrue(e.getMessage().contains("application/json"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"JSON, application/json", "YAML, application/yaml", "TABLE, application/json"})
    void contentTypes(Representation r, String contentType) {
        assertEquals(contentType, r.contentType());
    }
}

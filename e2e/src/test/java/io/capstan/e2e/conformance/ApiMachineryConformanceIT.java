package io.capstan.e2e.conformance;

import io.capstan.common.json.Json;
import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.LocalControlPlane;
import io.capstan.e2e.StorageBackend;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java twins of single upstream {@code [sig-api-machinery]} conformance tests whose upstream files hold
 * no other conformance test Capstan can pass yet: the Table request to a backend without metadata
 * ({@code test/e2e/apimachinery/table_conversion.go}, v1.32).
 */
@ControlPlane(storage = StorageBackend.SQLITE)
class ApiMachineryConformanceIT {

    @Test
    @DisplayName("[sig-api-machinery] Servers with support for Table transformation should return a 406 for a backend which does not implement metadata [Conformance]")
    void tableForABackendWithoutMetadataIs406(LocalControlPlane plane) throws Exception {
        // A SelfSubjectAccessReview posted with a Table Accept header: the review is not an object with
        // metadata, so the server cannot render it as a Table.
        String sar = "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                + "\"spec\":{\"nonResourceAttributes\":{\"path\":\"/\",\"verb\":\"get\"}}}";
        HttpResponse<String> response;
        try (HttpClient http = plane.httpClient()) {
            response = http.send(HttpRequest.newBuilder(
                            URI.create(plane.aggregatorUrl() + "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"))
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                            .POST(HttpRequest.BodyPublishers.ofString(sar)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(406, response.statusCode(), response.body());
        assertEquals(406, Json.MAPPER.readTree(response.body()).path("code").asInt(),
                "the error is a Status with code 406: " + response.body());
    }
}

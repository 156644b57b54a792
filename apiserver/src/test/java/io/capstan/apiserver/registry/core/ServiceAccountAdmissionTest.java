package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceAccountAdmissionTest {

    @ParameterizedTest(name = "{0} runs as {1}")
    @CsvSource(delimiter = '|', value = {
            "{}|default",
            "{'serviceAccountName':'builder'}|builder",
            "{'serviceAccount':'legacy'}|legacy",
            "{'serviceAccountName':''}|default",
    })
    void namesTheServiceAccount(String spec, String expected) throws Exception {
        ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("{\"spec\":" + spec.replace('\'', '"') + "}");
        ServiceAccountAdmission.admit(pod);
        assertEquals(expected, pod.path("spec").path("serviceAccountName").asText());
        assertEquals(expected, pod.path("spec").path("serviceAccount").asText());
    }

    @org.junit.jupiter.api.Test
    void leavesMirrorPodsAlone() throws Exception {
        ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"annotations\":{\"kubernetes.io/config.mirror\":\"x\"}},\"spec\":{}}");
        ServiceAccountAdmission.admit(pod);
        assertEquals("{}", pod.path("spec").toString());
    }
}

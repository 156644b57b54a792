package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Upstream's {@code SetDefaults_Pod}: requests default to limits, in pods only (not in pod templates). */
class PodRequestsDefaultTest {

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // a limit without a request: the limit becomes the request
            "{'limits':{'cpu':'300m'}}|{'limits':{'cpu':'300m'},'requests':{'cpu':'300m'}}",
            // an own request stays, only the missing ones come from the limits
            "{'limits':{'cpu':'300m','memory':'1Gi'},'requests':{'cpu':'100m','ephemeral-storage':'1Gi'}}"
                    + "|{'limits':{'cpu':'300m','memory':'1Gi'},'requests':{'cpu':'100m','ephemeral-storage':'1Gi','memory':'1Gi'}}",
            // no limits: nothing to copy
            "{'requests':{'cpu':'100m'}}|{'requests':{'cpu':'100m'}}",
            "{}|{}",
    })
    void podContainersAndInitContainersGetTheirLimitsAsRequests(String given, String expected) throws Exception {
        ObjectNode pod = (ObjectNode) json("{'spec':{'containers':[{'name':'c','image':'i','resources':" + given
                + "}],'initContainers':[{'name':'i','image':'i','resources':" + given + "}]}}");
        new PodStrategy().applyDefaults(pod);
        assertEquals(json(expected), pod.path("spec").path("containers").get(0).path("resources"));
        assertEquals(json(expected), pod.path("spec").path("initContainers").get(0).path("resources"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{'limits':{'cpu':'300m'}}"})
    void podTemplatesKeepTheirRequestsAsGiven(String given) throws Exception {
        ObjectNode template = (ObjectNode) json("{'spec':{'containers':[{'name':'c','image':'i','resources':" + given + "}]}}");
        PodTemplates.applyDefaults(template);
        assertFalse(template.path("spec").path("containers").get(0).path("resources").has("requests"), template.toString());
    }
}

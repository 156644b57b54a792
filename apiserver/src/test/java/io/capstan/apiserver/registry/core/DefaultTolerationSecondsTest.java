package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefaultTolerationSecondsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // no tolerations: both defaults are added
            "[]|[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':300},{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}]",
            // an own not-ready toleration (any effect) stays; only unreachable is added
            "[{'key':'node.kubernetes.io/not-ready','operator':'Exists','tolerationSeconds':5}]|[{'key':'node.kubernetes.io/not-ready','operator':'Exists','tolerationSeconds':5},{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}]",
            // a toleration of every taint covers both
            "[{'operator':'Exists'}]|[{'operator':'Exists'}]",
            // a NoSchedule toleration does not count
            "[{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoSchedule'}]|[{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoSchedule'},{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute','tolerationSeconds':300},{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':300}]",
    })
    void addsOnlyTheMissingDefaults(String given, String expected) throws Exception {
        ObjectNode pod = (ObjectNode) Json.MAPPER.readTree("{\"spec\":{\"tolerations\":" + given.replace('\'', '"') + "}}");
        DefaultTolerationSeconds.admit(pod);
        assertEquals(Json.MAPPER.readTree(expected.replace('\'', '"')), pod.path("spec").path("tolerations"));
    }
}

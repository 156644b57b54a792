package io.capstan.apiserver.registry.core;

import io.capstan.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstream's Service warnings (pkg/api/service/warnings.go), wording as upstream's. */
class ServiceWarningsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "clean | {'metadata':{},'spec':{'type':'ClusterIP','sessionAffinity':'None'}} | ",
            "topology-aware-hints | {'metadata':{'annotations':{'service.kubernetes.io/topology-aware-hints':'auto'}},'spec':{}} "
                    + "| annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead",
            "headless with session affinity | {'spec':{'type':'ClusterIP','clusterIP':'None','sessionAffinity':'ClientIP'}} "
                    + "| spec.SessionAffinity is ignored for headless services",
            "headless with a load balancer IP | {'spec':{'clusterIP':'None','loadBalancerIP':'1.2.3.4'}} "
                    + "| spec.loadBalancerIP is ignored for headless services",
            "externalName on a ClusterIP service | {'spec':{'type':'ClusterIP','externalName':'example.com'}} "
                    + "| spec.externalName is ignored when spec.type is not 'ExternalName'",
            "externalIPs on an ExternalName service | {'spec':{'type':'ExternalName','externalName':'example.com','externalIPs':['1.2.3.4']}} "
                    + "| spec.externalIPs is ignored when spec.type is 'ExternalName'",
    })
    void warnsAsUpstream(String name, String svc, String warning) {
        List<String> expected = warning == null ? List.of() : List.of(warning.replace('\'', '"'));
        assertEquals(expected, ServiceWarnings.of(Json.object(svc.replace('\'', '"').getBytes(StandardCharsets.UTF_8))));
    }
}

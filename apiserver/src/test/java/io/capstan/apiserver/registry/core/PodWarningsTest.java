package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstream's pod warnings (pkg/api/pod/warnings.go), wording and paths. */
class PodWarningsTest {

    private static ObjectNode json(String s) {
        return Json.object(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | pod spec (under 'spec') | metadata | warning
            "deprecated node label in nodeSelector | {'nodeSelector':{'beta.kubernetes.io/os':'linux'},'containers':[]} | {} "
                    + "| spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use 'kubernetes.io/os' instead",
            "deprecated node label in node affinity | {'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':"
                    + "{'nodeSelectorTerms':[{'matchExpressions':[{'key':'failure-domain.beta.kubernetes.io/zone','operator':'Exists'}]}]}}}} | {} "
                    + "| spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: "
                    + "failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use 'topology.kubernetes.io/zone' instead",
            "deprecated topology key | {'topologySpreadConstraints':[{'topologyKey':'beta.kubernetes.io/instance-type','maxSkew':1,"
                    + "'whenUnsatisfiable':'DoNotSchedule','labelSelector':{}}]} | {} "
                    + "| spec.topologySpreadConstraints[0].topologyKey: beta.kubernetes.io/instance-type is deprecated since v1.17; "
                    + "use 'node.kubernetes.io/instance-type' instead",
            "seccomp pod annotation without the field | {} | {'annotations':{'seccomp.security.alpha.kubernetes.io/pod':'runtime/default'}} "
                    + "| metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the 'seccompProfile' field instead",
            "seccomp container annotation without the field | {'containers':[{'name':'c'}]} "
                    + "| {'annotations':{'container.seccomp.security.alpha.kubernetes.io/c':'runtime/default'}} "
                    + "| metadata.annotations[container.seccomp.security.alpha.kubernetes.io/c]: non-functional in v1.27+; use the 'seccompProfile' field instead",
            "critical-pod annotation | {} | {'annotations':{'scheduler.alpha.kubernetes.io/critical-pod':''}} "
                    + "| metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the 'priorityClassName' field instead",
            "gitRepo volume | {'volumes':[{'name':'v','gitRepo':{'repository':'r'}}]} | {} | spec.volumes[0].gitRepo: deprecated in v1.11",
            "storageos volume | {'volumes':[{'name':'v','storageos':{}}]} | {} | spec.volumes[0].storageOS: deprecated in v1.22, non-functional in v1.25+",
            "duplicate host alias | {'hostAliases':[{'ip':'1.2.3.4'},{'ip':'1.2.3.4'}]} | {} | spec.hostAliases[1].ip: duplicate ip '1.2.3.4'",
            "duplicate image pull secret | {'imagePullSecrets':[{'name':'a'},{'name':'a'}]} | {} | spec.imagePullSecrets[1].name: duplicate name 'a'",
            "duplicate env | {'containers':[{'name':'c','env':[{'name':'A','value':'1'},{'name':'A','value':'2'}]}]} | {} "
                    + "| spec.containers[0].env[1]: hides previous definition of 'A', which may be dropped when using apply",
            "duplicate port | {'containers':[{'name':'c','ports':[{'containerPort':80}]},{'name':'d','ports':[{'containerPort':80,'protocol':'TCP'}]}]} | {} "
                    + "| spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]",
            "overlapping port | {'containers':[{'name':'c','ports':[{'containerPort':80,'hostPort':8080},{'containerPort':80}]}]} | {} "
                    + "| spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]",
            "hostIP without hostPort | {'containers':[{'name':'c','ports':[{'name':'http','containerPort':80,'protocol':'TCP','hostIP':'10.0.0.1'}]}]} | {} "
                    + "| spec.containers[0].ports[0]: hostIP set without hostPort: {Name:http HostPort:0 ContainerPort:80 Protocol:TCP HostIP:10.0.0.1}",
            "negative grace period | {'terminationGracePeriodSeconds':-1} | {} "
                    + "| spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1",
            "null pod affinity selector | {'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'topologyKey':'k'}]}}} | {} "
                    + "| spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: a null labelSelector results in matching no pod",
    })
    void warnsAsUpstream(String name, String spec, String meta, String warning) {
        ObjectNode pod = json("{'metadata':" + meta + ",'spec':" + spec + "}");
        assertEquals(List.of(warning.replace('\'', '"')), PodWarnings.forPod(pod));
    }

    @Test
    void aCleanPodHasNoWarnings() {
        assertEquals(List.of(), PodWarnings.forPod(json("""
                {'metadata':{'annotations':{'a':'b'}},'spec':{'nodeSelector':{'kubernetes.io/os':'linux'},
                 'containers':[{'name':'c','env':[{'name':'A','value':'1'},{'name':'A','value':'$(A)-x'}],
                 'ports':[{'containerPort':80},{'containerPort':80,'protocol':'UDP'}]}]}}""")));
    }

    @Test
    void templatesWarnUnderTheirPathOnCreateAndOnUpdatesThatBumpTheGeneration() {
        ObjectNode deployment = json("""
                {'metadata':{'generation':1,'annotations':{'container.apparmor.security.beta.kubernetes.io/c':'runtime/default'}},
                 'spec':{'template':{'metadata':{'annotations':{'container.apparmor.security.beta.kubernetes.io/c':'runtime/default'}},
                 'spec':{'nodeSelector':{'beta.kubernetes.io/arch':'amd64'},'containers':[{'name':'c'}]}}}}""");
        List<String> expected = List.of(
                "spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use \"kubernetes.io/arch\" instead",
                "spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: deprecated since v1.30; "
                        + "use the \"appArmorProfile\" field instead");
        assertEquals(expected, PodWarnings.forWorkload("spec.template", deployment, null));
        assertEquals(List.of(), PodWarnings.forWorkload("spec.template", deployment, deployment), "same generation: no warnings");
        ObjectNode bumped = deployment.deepCopy();
        ((ObjectNode) bumped.get("metadata")).put("generation", 2);
        assertEquals(expected, PodWarnings.forWorkload("spec.template", bumped, deployment));
    }
}

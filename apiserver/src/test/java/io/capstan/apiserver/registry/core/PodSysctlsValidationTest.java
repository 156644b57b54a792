package io.capstan.apiserver.registry.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.PodTemplates;
import io.capstan.common.api.Statuses;
import io.capstan.common.json.Json;
import io.fabric8.kubernetes.api.model.StatusCause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstream's {@code validateSysctls} and {@code ValidateHostSysctl} on pods and pod templates. */
class PodSysctlsValidationTest {
    private static final String REGEX = "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

    private static ObjectNode pod(String specExtra, String sysctls) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(("{'metadata':{'name':'p'},'spec':{" + specExtra
                + "'containers':[{'name':'c','image':'i'}],'securityContext':{'sysctls':" + sysctls + "}}}").replace('\'', '"'));
    }

    @Test
    void theConformanceTestsInvalidNamesAreRejectedAndOnlyThose() throws Exception {
        // [sig-node] Sysctls should reject invalid sysctls: one valid, two invalid, one more valid
        List<StatusCause> causes = new PodStrategy().validate(pod("",
                "[{'name':'foo-','value':'bar'},{'name':'kernel.shmmax','value':'100000000'},"
                        + "{'name':'safe-and-unsafe','value':'100000000'},{'name':'bar..','value':'42'}]"));
        assertEquals(2, causes.size(), causes.toString());
        assertEquals("spec.securityContext.sysctls[0].name", causes.get(0).getField());
        assertEquals("FieldValueInvalid", causes.get(0).getReason());
        assertEquals("Invalid value: \"foo-\": must have at most 253 characters and match regex " + REGEX,
                causes.get(0).getMessage());
        assertEquals("spec.securityContext.sysctls[3].name", causes.get(1).getField());
        String message = Statuses.invalid("", "Pod", "p", causes).status().getMessage();
        assertTrue(message.contains("Invalid value: \"foo-\""), message);
        assertTrue(message.contains("Invalid value: \"bar..\""), message);
        assertFalse(message.contains("safe-and-unsafe"), message);
        assertFalse(message.contains("kernel.shmmax"), message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "kernel.shm_rmid_forced                  | ",
            "net.ipv4.conf.eno2/100.rp_filter        | ",
            "net/ipv4/conf/eno2.100/rp_filter        | ",
            "a_b-c.d                                 | ",
            "Kernel.shmmax                           | FieldValueInvalid",
            ".kernel                                 | FieldValueInvalid",
            "kernel.                                 | FieldValueInvalid",
            "kernel..shmmax                          | FieldValueInvalid",
            "-kernel                                 | FieldValueInvalid",
    })
    void namesFollowSysctlContainSlashFmt(String name, String reason) throws Exception {
        List<StatusCause> causes = new PodStrategy().validate(pod("", "[{'name':'" + name + "','value':'1'}]"));
        assertEquals(reason == null ? List.of() : List.of(reason), causes.stream().map(StatusCause::getReason).toList());
    }

    @Test
    void namesAreRequiredAndUnique() throws Exception {
        List<StatusCause> causes = new PodStrategy().validate(pod("",
                "[{'value':'1'},{'name':'kernel.sem','value':'1'},{'name':'kernel.sem','value':'2'}]"));
        assertEquals(List.of("FieldValueRequired", "FieldValueDuplicate"), causes.stream().map(StatusCause::getReason).toList());
        assertEquals("spec.securityContext.sysctls[0].name", causes.get(0).getField());
        assertEquals("Required value", causes.get(0).getMessage());
        assertEquals("spec.securityContext.sysctls[2].name", causes.get(1).getField());
        assertEquals("Duplicate value: \"kernel.sem\"", causes.get(1).getMessage());
    }

    @Test
    void hostNamespacesForbidTheirOwnSysctls() throws Exception {
        List<StatusCause> hostNetwork = new PodStrategy().validate(pod("'hostNetwork':true,",
                "[{'name':'net.core.somaxconn','value':'1'},{'name':'kernel.shmmax','value':'1'}]"));
        assertEquals(1, hostNetwork.size(), hostNetwork.toString());
        assertEquals("Invalid value: \"net.core.somaxconn\": may not be specified when 'hostNetwork' is true",
                hostNetwork.get(0).getMessage());
        List<StatusCause> hostIpc = new PodStrategy().validate(pod("'hostIPC':true,",
                "[{'name':'net.core.somaxconn','value':'1'},{'name':'kernel/msgmax','value':'1'},{'name':'fs.mqueue.msg_max','value':'1'}]"));
        assertEquals(List.of("spec.securityContext.sysctls[1].name", "spec.securityContext.sysctls[2].name"),
                hostIpc.stream().map(StatusCause::getField).toList());
        assertTrue(hostIpc.get(0).getMessage().endsWith("may not be specified when 'hostIPC' is true"));
    }

    @Test
    void podTemplatesAreValidatedUnderTheirPath() throws Exception {
        ObjectNode template = (ObjectNode) pod("", "[{'name':'bar..','value':'42'}]");
        List<StatusCause> causes = PodTemplates.validate(template, "spec.template");
        assertEquals(List.of("spec.template.spec.securityContext.sysctls[0].name"), causes.stream().map(StatusCause::getField).toList());
    }
}

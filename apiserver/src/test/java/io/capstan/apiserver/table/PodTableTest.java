package io.capstan.apiserver.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.common.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The READY, STATUS and RESTARTS columns of upstream's printPod (pkg/printers/internalversion). */
class PodTableTest {
    private static final String ONE = "'spec':{'containers':[{'name':'a'}]}";
    private static final String TWO = "'spec':{'containers':[{'name':'a'},{'name':'b'}]}";
    private static final String DELETING = "'metadata':{'name':'p','deletionTimestamp':'2024-01-01T00:00:00Z'}";

    static Stream<Arguments> rows() {
        return Stream.of(
                arguments("pending, nothing started", "{" + ONE + ",'status':{'phase':'Pending'}}", "0/1", "Pending", "0"),
                arguments("no status at all", "{" + ONE + "}", "0/1", "", "0"),
                arguments("waiting: ContainerCreating", "{" + ONE + ",'status':{'phase':'Pending','containerStatuses':["
                        + "{'name':'a','ready':false,'restartCount':0,'state':{'waiting':{'reason':'ContainerCreating'}}}]}}",
                        "0/1", "ContainerCreating", "0"),
                arguments("waiting: CrashLoopBackOff", "{" + ONE + ",'status':{'phase':'Running','containerStatuses':["
                        + "{'name':'a','ready':false,'restartCount':5,'state':{'waiting':{'reason':'CrashLoopBackOff','message':'back-off'}}}]}}",
                        "0/1", "CrashLoopBackOff", "5"),
                arguments("waiting without a reason keeps the phase", "{" + ONE + ",'status':{'phase':'Pending','containerStatuses':["
                        + "{'name':'a','ready':false,'state':{'waiting':{}}}]}}", "0/1", "Pending", "0"),
                arguments("terminated with a reason", "{" + ONE + ",'status':{'phase':'Failed','containerStatuses':["
                        + "{'name':'a','ready':false,'restartCount':1,'state':{'terminated':{'reason':'OOMKilled','exitCode':137}}}]}}",
                        "0/1", "OOMKilled", "1"),
                arguments("terminated without a reason: exit code", "{" + ONE + ",'status':{'phase':'Failed','containerStatuses':["
                        + "{'name':'a','ready':false,'state':{'terminated':{'exitCode':1}}}]}}", "0/1", "ExitCode:1", "0"),
                arguments("terminated without a reason: signal", "{" + ONE + ",'status':{'phase':'Failed','containerStatuses':["
                        + "{'name':'a','ready':false,'state':{'terminated':{'exitCode':137,'signal':9}}}]}}", "0/1", "Signal:9", "0"),
                arguments("succeeded", "{" + ONE + ",'status':{'phase':'Succeeded','containerStatuses':["
                        + "{'name':'a','ready':false,'state':{'terminated':{'reason':'Completed','exitCode':0}}}]}}", "0/1", "Completed", "0"),
                arguments("running and ready", "{" + ONE + ",'status':{'phase':'Running','containerStatuses':["
                        + "{'name':'a','ready':true,'restartCount':2,'state':{'running':{}}}]}}", "1/1", "Running", "2"),
                arguments("one of two ready", "{" + TWO + ",'status':{'phase':'Running','containerStatuses':["
                        + "{'name':'a','ready':true,'restartCount':1,'state':{'running':{}}},"
                        + "{'name':'b','ready':false,'restartCount':2,'state':{'running':{}}}]}}", "1/2", "Running", "3"),
                arguments("the first container's reason wins", "{" + TWO + ",'status':{'phase':'Pending','containerStatuses':["
                        + "{'name':'a','ready':false,'state':{'waiting':{'reason':'ErrImagePull'}}},"
                        + "{'name':'b','ready':false,'state':{'waiting':{'reason':'ContainerCreating'}}}]}}", "0/2", "ErrImagePull", "0"),
                arguments("completed with one still running and ready: Running", "{" + TWO + ",'status':{'phase':'Running',"
                        + "'conditions':[{'type':'Ready','status':'True'}],'containerStatuses':["
                        + "{'name':'a','ready':false,'state':{'terminated':{'reason':'Completed','exitCode':0}}},"
                        + "{'name':'b','ready':true,'state':{'running':{}}}]}}", "1/2", "Running", "0"),
                arguments("completed with one still running, pod not ready: NotReady", "{" + TWO + ",'status':{'phase':'Running',"
                        + "'conditions':[{'type':'Ready','status':'False'}],'containerStatuses':["
                        + "{'name':'a','ready':false,'state':{'terminated':{'reason':'Completed','exitCode':0}}},"
                        + "{'name':'b','ready':true,'state':{'running':{}}}]}}", "1/2", "NotReady", "0"),
                arguments("status.reason replaces the phase", "{" + ONE + ",'status':{'phase':'Failed','reason':'Evicted'}}",
                        "0/1", "Evicted", "0"),
                arguments("scheduling gated", "{" + ONE + ",'status':{'phase':'Pending','conditions':["
                        + "{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}}", "0/1", "SchedulingGated", "0"),
                arguments("deleting and running: Terminating", "{" + DELETING + "," + ONE + ",'status':{'phase':'Running','containerStatuses':["
                        + "{'name':'a','ready':true,'state':{'running':{}}}]}}", "1/1", "Terminating", "0"),
                arguments("deleting and pending: Terminating", "{" + DELETING + "," + ONE + ",'status':{'phase':'Pending'}}",
                        "0/1", "Terminating", "0"),
                arguments("deleting and succeeded: not Terminating", "{" + DELETING + "," + ONE + ",'status':{'phase':'Succeeded',"
                        + "'containerStatuses':[{'name':'a','ready':false,'state':{'terminated':{'reason':'Completed','exitCode':0}}}]}}",
                        "0/1", "Completed", "0"),
                arguments("deleting and failed: not Terminating", "{" + DELETING + "," + ONE + ",'status':{'phase':'Failed'}}",
                        "0/1", "Failed", "0"),
                arguments("deleting on a lost node: Unknown", "{" + DELETING + "," + ONE + ",'status':{'phase':'Running','reason':'NodeLost'}}",
                        "0/1", "Unknown", "0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readyStatusAndRestarts(String name, String pod, String ready, String status, String restarts) {
        List<Object> cells = new PodTable().cells(obj(pod));
        assertEquals(ready, cells.get(1), "READY");
        assertEquals(status, cells.get(2), "STATUS");
        assertEquals(restarts, cells.get(3), "RESTARTS");
    }

    @Test
    void wideColumns() {
        ObjectNode pod = obj("{'metadata':{'name':'p'},'spec':{'nodeName':'n1','containers':[{'name':'a'}],"
                + "'readinessGates':[{'conditionType':'example.com/gate'},{'conditionType':'example.com/other'}]},"
                + "'status':{'phase':'Running','podIPs':[{'ip':'10.1.2.3'}],'conditions':[{'type':'example.com/gate','status':'True'}]}}");
        List<Object> cells = new PodTable().cells(pod);
        assertEquals(List.of("Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"),
                new PodTable().columns().stream().map(Column::name).toList());
        assertEquals(List.of("p", "0/1", "Running", "0", "<unknown>", "10.1.2.3", "n1", "<none>", "1/2"), cells);
    }

    @Test
    void unscheduledPodHasNoIpNodeOrGates() {
        List<Object> cells = new PodTable().cells(obj("{'metadata':{'name':'p'}," + ONE + ",'status':{'phase':'Pending'}}"));
        assertEquals(List.of("<none>", "<none>", "<none>", "<none>"), cells.subList(5, 9));
    }

    /** Parses single-quoted JSON; an object without a name gets one, as every stored object has. */
    static ObjectNode obj(String singleQuoted) {
        try {
            ObjectNode o = (ObjectNode) Json.MAPPER.readTree(singleQuoted.replace('\'', '"'));
            if (!o.path("metadata").has("name")) {
                o.withObject("metadata").put("name", "x");
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

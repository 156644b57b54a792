package io.capstan.apiserver.table;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.capstan.apiserver.table.PodTableTest.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Upstream's printNode (pkg/printers/internalversion) and its findNodeRoles. */
class NodeTableTest {

    static Stream<Arguments> roles() {
        return Stream.of(
                arguments(Map.of(), "<none>"),
                arguments(Map.of("node-role.kubernetes.io/control-plane", ""), "control-plane"),
                arguments(Map.of("node-role.kubernetes.io/master", "", "node-role.kubernetes.io/proxy", "",
                        "kubernetes.io/role", "node"), "master,node,proxy"),
                arguments(Map.of("kubernetes.io/role", "node"), "node"),
                arguments(Map.of("kubernetes.io/role", ""), "<none>"),
                arguments(Map.of("node-role.kubernetes.io/", "x"), "<none>"),
                arguments(Map.of("node-role.kubernetes.io/worker", "ignored-value"), "worker"),
                arguments(Map.of("node-role.kubernetes.io/b", "", "node-role.kubernetes.io/a", ""), "a,b"),
                arguments(Map.of("node-role.kubernetes.io/a", "", "kubernetes.io/role", "a"), "a"),
                arguments(Map.of("example.com/role", "x", "role", "y"), "<none>"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("roles")
    void rolesComeFromRoleLabels(Map<String, String> labels, String expected) {
        assertEquals(expected, NodeTable.roles(labels));
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                arguments("{}", "Unknown"),
                arguments("{'status':{'conditions':[{'type':'Ready','status':'True'}]}}", "Ready"),
                arguments("{'status':{'conditions':[{'type':'Ready','status':'False'}]}}", "NotReady"),
                arguments("{'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}", "NotReady"),
                arguments("{'status':{'conditions':[{'type':'MemoryPressure','status':'True'}]}}", "Unknown"),
                arguments("{'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
                        "Ready,SchedulingDisabled"),
                arguments("{'spec':{'unschedulable':true}}", "Unknown,SchedulingDisabled"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("statuses")
    void statusIsReadinessThenSchedulability(String node, String expected) {
        assertEquals(expected, new NodeTable().cells(obj(node)).get(1));
    }

    @Test
    void cellsFollowTheColumns() {
        ObjectNode node = obj("{'metadata':{'name':'n1','labels':{'node-role.kubernetes.io/control-plane':''}},"
                + "'status':{'conditions':[{'type':'Ready','status':'True'}],'addresses':[{'type':'InternalIP','address':'10.0.0.1'}],"
                + "'nodeInfo':{'kubeletVersion':'v1.31.0','osImage':'Debian','kernelVersion':'6.1','containerRuntimeVersion':'containerd://1.7'}}}");
        NodeTable table = new NodeTable();
        assertEquals(List.of("Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image",
                "Kernel-Version", "Container-Runtime"), table.columns().stream().map(Column::name).toList());
        assertEquals(List.of("n1", "Ready", "control-plane", "<unknown>", "v1.31.0", "10.0.0.1", "<none>", "Debian", "6.1",
                "containerd://1.7"), table.cells(node));
    }
}

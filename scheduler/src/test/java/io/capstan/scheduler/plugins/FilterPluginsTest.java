package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.FilterPlugin;
import io.capstan.scheduler.framework.NodeInfo;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.capstan.scheduler.framework.Fixtures.boundPod;
import static io.capstan.scheduler.framework.Fixtures.info;
import static io.capstan.scheduler.framework.Fixtures.node;
import static io.capstan.scheduler.framework.Fixtures.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FilterPluginsTest {

    @ParameterizedTest(name = "toleration {0}/{1}/{2}/{3} vs taint {4}={5}:{6} -> {7}")
    @CsvSource(nullValues = "-", value = {
            // key, operator, value, effect | taint key, value, effect | tolerated
            "k, Equal, v, NoSchedule, k, v, NoSchedule, true",
            "k, Equal, v, NoSchedule, k, w, NoSchedule, false",
            "k, -, v, -, k, v, NoExecute, true",
            "k, Exists, -, -, k, anything, NoSchedule, true",
            "k, Exists, -, NoExecute, k, v, NoSchedule, false",
            "-, Exists, -, -, any, v, NoExecute, true",
            "-, Exists, -, NoSchedule, any, v, NoSchedule, true",
            "other, Exists, -, -, k, v, NoSchedule, false",
            "-, Equal, v, -, k, v, NoSchedule, false",
            "k, Equal, -, NoSchedule, k, -, NoSchedule, true",
    })
    void tolerationMatchingFollowsUpstream(String key, String op, String value, String effect,
                                           String taintKey, String taintValue, String taintEffect, boolean expected) {
        Toleration t = new TolerationBuilder().withKey(key).withOperator(op).withValue(value).withEffect(effect).build();
        Taint taint = new TaintBuilder().withKey(taintKey).withValue(taintValue).withEffect(taintEffect).build();
        assertEquals(expected, TaintToleration.tolerates(t, taint));
    }

    static Stream<Arguments> cases() {
        Node ready = node("n", "2", "4Gi").build();
        Node notReady = node("n", "2", "4Gi").editStatus().editFirstCondition().withStatus("False").endCondition().endStatus().build();
        Node noConditions = node("n", "2", "4Gi").editStatus().withConditions(List.of()).endStatus().build();
        Node cordoned = node("n", "2", "4Gi").editSpec().withUnschedulable(true).endSpec().build();
        Node tainted = node("n", "2", "4Gi").editSpec().addNewTaint().withKey("gpu").withValue("true").withEffect("NoSchedule").endTaint().endSpec().build();
        Node softTaint = node("n", "2", "4Gi").editSpec().addNewTaint().withKey("gpu").withEffect("PreferNoSchedule").endTaint().endSpec().build();
        Node labelled = node("n", "2", "4Gi").editMetadata().withLabels(Map.of("disk", "ssd", "zone", "a")).endMetadata().build();
        Node capacityOnly = node("n", "2", "4Gi").editStatus().withAllocatable(Map.of())
                .withCapacity(Map.of("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"),
                        "memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi"),
                        "pods", new io.fabric8.kubernetes.api.model.Quantity("1"))).endStatus().build();
        Pod plain = pod("p", "500m", "1Gi").build();
        Pod tolerant = pod("p", "500m", "1Gi").editSpec().addNewToleration().withOperator("Exists").endToleration().endSpec().build();
        Pod ssd = pod("p", null, null).editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec().build();
        Pod hdd = pod("p", null, null).editSpec().withNodeSelector(Map.of("disk", "hdd")).endSpec().build();
        Pod big = pod("p", "1500m", "3Gi").build();
        Pod initHeavy = pod("p", "100m", null).editSpec().addNewInitContainer().withName("i").withNewResources()
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1900m")).endResources().endInitContainer().endSpec().build();
        NodeReady nodeReady = new NodeReady();
        NodeUnschedulable unschedulable = new NodeUnschedulable();
        TaintToleration taints = new TaintToleration();
        NodeAffinity affinity = new NodeAffinity();
        NodeResourcesFit fit = new NodeResourcesFit();
        return Stream.of(
                Arguments.of("ready node", nodeReady, plain, info(ready), List.of()),
                Arguments.of("not ready", nodeReady, plain, info(notReady), List.of("node(s) were not ready")),
                Arguments.of("no Ready condition", nodeReady, plain, info(noConditions), List.of("node(s) were not ready")),
                Arguments.of("cordoned", unschedulable, plain, info(cordoned), List.of("node(s) were unschedulable")),
                Arguments.of("cordoned but tolerated", unschedulable, tolerant, info(cordoned), List.of()),
                Arguments.of("untolerated taint", taints, plain, info(tainted), List.of("node(s) had untolerated taint {gpu: true}")),
                Arguments.of("tolerated taint", taints, tolerant, info(tainted), List.of()),
                Arguments.of("PreferNoSchedule does not filter", taints, plain, info(softTaint), List.of()),
                Arguments.of("selector matches", affinity, ssd, info(labelled), List.of()),
                Arguments.of("selector mismatch", affinity, hdd, info(labelled), List.of("node(s) didn't match Pod's node affinity/selector")),
                Arguments.of("selector on unlabelled node", affinity, ssd, info(ready), List.of("node(s) didn't match Pod's node affinity/selector")),
                Arguments.of("fits", fit, plain, info(ready, boundPod("x", "n", "1", "2Gi")), List.of()),
                Arguments.of("exactly full still fits", fit, plain, info(ready, boundPod("x", "n", "1500m", "3Gi")), List.of()),
                Arguments.of("cpu and memory short", fit, big, info(ready, boundPod("x", "n", "1", "2Gi")),
                        List.of("Insufficient cpu", "Insufficient memory")),
                Arguments.of("init container counts as max", fit, initHeavy, info(ready, boundPod("x", "n", "200m", null)),
                        List.of("Insufficient cpu")),
                Arguments.of("capacity when no allocatable; pod count", fit, plain, info(capacityOnly, boundPod("x", "n", null, null)),
                        List.of("Too many pods")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void filters(String name, FilterPlugin plugin, Pod pod, NodeInfo node, List<String> expected) {
        assertEquals(expected, plugin.filter(pod, node));
    }
}

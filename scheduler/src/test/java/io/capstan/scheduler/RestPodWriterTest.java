package io.capstan.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestPodWriterTest {

    @Test
    void anEventLooksAsUpstreamsSchedulerEventDoesThroughCoreV1() {
        Pod pod = new PodBuilder().withNewMetadata().withNamespace("ns").withName("web").withUid("u-1").withResourceVersion("7")
                .endMetadata().build();
        Instant at = Instant.parse("2025-03-04T05:06:07.123456789Z");
        JsonNode e = RestPodWriter.event(pod, "Warning", "FailedScheduling", "Scheduling", "0/1 nodes are available.", at);
        assertEquals("web." + Long.toHexString(at.getEpochSecond() * 1_000_000_000L + at.getNano()), e.path("metadata").path("name").asText());
        assertEquals("ns", e.path("metadata").path("namespace").asText());
        assertEquals("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"namespace\":\"ns\",\"name\":\"web\",\"uid\":\"u-1\",\"resourceVersion\":\"7\"}",
                e.path("involvedObject").toString());
        assertEquals("Warning", e.path("type").asText());
        assertEquals("FailedScheduling", e.path("reason").asText());
        assertEquals("Scheduling", e.path("action").asText());
        assertEquals("0/1 nodes are available.", e.path("message").asText());
        assertEquals("2025-03-04T05:06:07.123456Z", e.path("eventTime").asText());
        assertEquals("default-scheduler", e.path("reportingComponent").asText());
        assertTrue(e.path("reportingInstance").asText().startsWith("default-scheduler-"));
        assertFalse(e.has("firstTimestamp"), "events.k8s.io events have no deprecated timestamps");
    }
}

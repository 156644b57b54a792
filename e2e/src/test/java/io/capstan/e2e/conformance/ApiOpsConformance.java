package io.capstan.e2e.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.EventSeries;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateList;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Java twins of eight upstream conformance tests of plain API operations (create, get, list across and
 * within a namespace, strategic-merge patch, update, delete, delete a collection) on four kinds, v1.32:
 * <ul>
 *     <li>{@code test/e2e/common/node/podtemplates.go}: the three {@code [sig-node] PodTemplates} tests;</li>
 *     <li>{@code test/e2e/common/node/lease.go}: {@code [sig-node] Lease lease API should be available};</li>
 *     <li>{@code test/e2e/instrumentation/core_events.go}: the two {@code [sig-instrumentation] Events}
 *     tests on core/v1 Events;</li>
 *     <li>{@code test/e2e/instrumentation/events.go}: the two {@code [sig-instrumentation] Events API}
 *     tests on events.k8s.io/v1 Events, which are the same stored objects seen through another API.</li>
 * </ul>
 * The assertions are upstream's: what was written reads back ({@code apiequality.Semantic.DeepEqual} of
 * specs or of whole objects, minus resourceVersion and managedFields), selectors (label, and the Event
 * field selectors {@code source} and {@code reportingController}) find exactly what they should, and a
 * deleted object or collection no longer lists. The fabric8 client stands in for client-go; a
 * DeleteCollection is one {@code DELETE} on the collection, as client-go sends it (fabric8's own
 * collection delete would fall back to deleting one by one on a 405), and an update of an object whose
 * resourceVersion the test cleared is a {@code PUT} without one, as client-go sends it.
 */
abstract class ApiOpsConformance {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** {@code imageutils.GetE2EImage(imageutils.Agnhost)} and {@code (imageutils.Nginx)} in v1.32. */
    private static final String AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";
    private static final String NGINX = "registry.k8s.io/e2e-test-images/nginx:1.14-4";
    /** {@code podTemplateRetryPeriod}/{@code Timeout}, {@code eventRetryPeriod}/{@code Timeout}. */
    private static final Duration RETRY_PERIOD = Duration.ofSeconds(1);
    private static final Duration RETRY_TIMEOUT = Duration.ofMinutes(1);
    /** {@code metav1.MicroTime} on the wire: RFC 3339 in UTC with six fractional digits. */
    private static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static MixedOperation<PodTemplate, PodTemplateList, Resource<PodTemplate>> podTemplates(Framework f) {
        return f.client().resources(PodTemplate.class, PodTemplateList.class);
    }

    private static MixedOperation<Lease, LeaseList, Resource<Lease>> leases(Framework f) {
        return f.client().resources(Lease.class, LeaseList.class);
    }

    private static MixedOperation<Event, EventList, Resource<Event>> coreEvents(Framework f) {
        return f.client().v1().events();
    }

    private static MixedOperation<io.fabric8.kubernetes.api.model.events.v1.Event,
            io.fabric8.kubernetes.api.model.events.v1.EventList,
            Resource<io.fabric8.kubernetes.api.model.events.v1.Event>> events(Framework f) {
        return f.client().events().v1().events();
    }

    /** client-go's {@code DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: ...})}. */
    private static void deleteCollection(KubernetesClient client, String collectionPath, String labelSelector) {
        client.raw(collectionPath + "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8),
                "DELETE", new DeleteOptions());
    }

    /**
     * client-go's {@code Update} of an object whose resourceVersion was cleared: a {@code PUT} without one,
     * which the server takes as an unconditional update (fabric8's {@code update()} would fill in the
     * latest resourceVersion first).
     */
    private static void updateUnconditionally(KubernetesClient client, String objectPath, Object object) {
        client.raw(objectPath, "PUT", object);
    }

    /** {@code wait.PollImmediate(period, timeout, condition)}; fails the test on timeout. */
    private static void pollImmediate(BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + RETRY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(message + ": timed out waiting for the condition");
            }
            Thread.sleep(RETRY_PERIOD);
        }
    }

    /** {@code apiequality.Semantic.DeepEqual} for API structs: equal once serialized (times compare as instants). */
    private static void assertSemanticallyEqual(Object expected, Object actual, String message) {
        try {
            assertEquals(MAPPER.readTree(SERIALIZATION.asJson(expected)), MAPPER.readTree(SERIALIZATION.asJson(actual)),
                    message);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String microTime(long unixSeconds) {
        return MICRO_TIME.format(Instant.ofEpochSecond(unixSeconds));
    }

    /** {@code time.Time{}.Add(seconds)}: the zero Go time (year 1, UTC) plus some seconds. */
    private static ZonedDateTime zeroTimePlus(long seconds) {
        return ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(seconds);
    }

    // ---------------------------------------------------------------- podtemplates.go

    @Test
    @DisplayName("[sig-node] PodTemplates should run the lifecycle of PodTemplates [Conformance]")
    void runsTheLifecycleOfPodTemplates(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "podtemplate")) {
            String ns = f.namespace();
            String podTemplateName = "nginx-pod-template-" + UUID.randomUUID();

            // get a list of PodTemplates (in all namespaces to hit endpoint)
            PodTemplateList podTemplateList = podTemplates(f).inAnyNamespace().withLabel("podtemplate-static", "true").list();
            assertTrue(podTemplateList.getItems().isEmpty(), "unable to find templates");

            // create a PodTemplate
            podTemplates(f).inNamespace(ns).resource(new PodTemplateBuilder()
                    .withNewMetadata().withName(podTemplateName).addToLabels("podtemplate-static", "true").endMetadata()
                    .withNewTemplate().withNewSpec().addNewContainer().withName("nginx").withImage(NGINX).endContainer()
                    .endSpec().endTemplate().build()).create();

            // get template (v1.35 adds resourceVersion checks here and on the patch; v1.32 has none)
            PodTemplate podTemplateRead = podTemplates(f).inNamespace(ns).withName(podTemplateName).get();
            assertEquals(podTemplateName, podTemplateRead.getMetadata().getName());

            // patch template
            String podTemplatePatch = MAPPER.writeValueAsString(
                    Map.of("metadata", Map.of("labels", Map.of("podtemplate", "patched"))));
            podTemplates(f).inNamespace(ns).withName(podTemplateName)
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), podTemplatePatch);

            // get template (ensure label is there)
            podTemplateRead = podTemplates(f).inNamespace(ns).withName(podTemplateName).get();
            assertEquals("patched", podTemplateRead.getMetadata().getLabels().get("podtemplate"),
                    "failed to patch template, new label not found");

            // delete the PodTemplate
            podTemplates(f).inNamespace(ns).withName(podTemplateName).delete();

            // list the PodTemplates
            podTemplateList = podTemplates(f).inAnyNamespace().withLabel("podtemplate-static", "true").list();
            assertTrue(podTemplateList.getItems().isEmpty(), "PodTemplate list returned items, failed to delete PodTemplate");
        }
    }

    @Test
    @DisplayName("[sig-node] PodTemplates should delete a collection of pod templates [Conformance]")
    void deletesACollectionOfPodTemplates(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "podtemplate")) {
            String ns = f.namespace();
            List<String> podTemplateNames = List.of("test-podtemplate-1", "test-podtemplate-2", "test-podtemplate-3");

            // Create set of pod templates
            for (String podTemplateName : podTemplateNames) {
                podTemplates(f).inNamespace(ns).resource(new PodTemplateBuilder()
                        .withNewMetadata().withName(podTemplateName).addToLabels("podtemplate-set", "true").endMetadata()
                        .withNewTemplate().withNewSpec().addNewContainer().withName("token-test").withImage(AGNHOST)
                        .endContainer().endSpec().endTemplate().build()).create();
            }

            // get a list of pod templates with a label in the current namespace
            PodTemplateList podTemplateList = podTemplates(f).inNamespace(ns).withLabel("podtemplate-set", "true").list();
            assertEquals(podTemplateNames.size(), podTemplateList.getItems().size(), "looking for expected number of pod templates");

            // delete collection of pod templates
            deleteCollection(f.client(), "/api/v1/namespaces/" + ns + "/podtemplates", "podtemplate-set=true");

            // check that the list of pod templates matches the requested quantity
            pollImmediate(() -> podTemplates(f).inNamespace(ns).withLabel("podtemplate-set", "true").list().getItems().isEmpty(),
                    "failed to count required pod templates");
        }
    }

    @Test
    @DisplayName("[sig-node] PodTemplates should replace a pod template [Conformance]")
    void replacesAPodTemplate(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "podtemplate")) {
            String ns = f.namespace();
            String ptName = "podtemplate-" + randomString(5);

            // Create a pod template
            podTemplates(f).inNamespace(ns).resource(new PodTemplateBuilder()
                    .withNewMetadata().withName(ptName).endMetadata()
                    .withNewTemplate().withNewSpec().addNewContainer().withName("e2e-test").withImage(AGNHOST)
                    .endContainer().endSpec().endTemplate().build()).create();

            // Replace a pod template (retry.RetryOnConflict(retry.DefaultRetry, ...): five tries, 10 ms apart)
            PodTemplate updatedPT = null;
            for (int attempt = 1; updatedPT == null; attempt++) {
                if (attempt > 1) {
                    Thread.sleep(10);
                }
                PodTemplate ptResource = podTemplates(f).inNamespace(ns).withName(ptName).get();
                assertNotNull(ptResource, "Unable to get pod template " + ptName);
                ptResource.getMetadata().setAnnotations(Map.of("updated", "true"));
                try {
                    updatedPT = podTemplates(f).inNamespace(ns).resource(ptResource).update();
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409 || attempt >= 5) {
                        throw e;
                    }
                }
            }
            assertEquals("true", updatedPT.getMetadata().getAnnotations().get("updated"),
                    "updated object should have the applied annotation");
        }
    }

    /** {@code utilrand.String(n)}: lower-case consonants and digits. */
    private static String randomString(int n) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- lease.go

    @Test
    @DisplayName("[sig-node] Lease lease API should be available [Conformance]")
    void leaseApiIsAvailable(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "lease-test")) {
            String ns = f.namespace();
            String name = "lease";
            Lease lease = new LeaseBuilder().withNewMetadata().withName(name).endMetadata()
                    .withSpec(new LeaseSpecBuilder().withHolderIdentity("holder").withLeaseDurationSeconds(30)
                            .withAcquireTime(zeroTimePlus(2)).withRenewTime(zeroTimePlus(5)).withLeaseTransitions(0).build())
                    .build();

            Lease createdLease = leases(f).inNamespace(ns).resource(lease).create();

            Lease readLease = leases(f).inNamespace(ns).withName(name).get();
            assertSemanticallyEqual(lease.getSpec(), readLease.getSpec(), "Leases don't match");

            createdLease.setSpec(new LeaseSpecBuilder().withHolderIdentity("holder2").withLeaseDurationSeconds(30)
                    .withAcquireTime(zeroTimePlus(20)).withRenewTime(zeroTimePlus(50)).withLeaseTransitions(1).build());
            leases(f).inNamespace(ns).resource(createdLease).update();

            readLease = leases(f).inNamespace(ns).withName(name).get();
            assertSemanticallyEqual(createdLease.getSpec(), readLease.getSpec(), "Leases don't match");

            Lease patchedLease = SERIALIZATION.clone(readLease);
            patchedLease.setSpec(new LeaseSpecBuilder().withHolderIdentity("holder3").withLeaseDurationSeconds(60)
                    .withAcquireTime(zeroTimePlus(50)).withRenewTime(zeroTimePlus(70)).withLeaseTransitions(2).build());
            String patchBytes = TwoWayMergePatch.create(readLease, patchedLease);

            leases(f).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patchBytes);

            readLease = leases(f).inNamespace(ns).withName(name).get();
            assertSemanticallyEqual(patchedLease.getSpec(), readLease.getSpec(), "Leases don't match");

            String name2 = "lease2";
            Lease lease2 = new LeaseBuilder().withNewMetadata().withName(name2).addToLabels("deletecollection", "true").endMetadata()
                    .withSpec(new LeaseSpecBuilder().withHolderIdentity("holder").withLeaseDurationSeconds(30)
                            .withAcquireTime(zeroTimePlus(2)).withRenewTime(zeroTimePlus(5)).withLeaseTransitions(0).build())
                    .build();
            leases(f).inNamespace(ns).resource(lease2).create();

            LeaseList leaseList = leases(f).inNamespace(ns).list();
            assertEquals(2, leaseList.getItems().size(), "couldn't list Leases");

            deleteCollection(f.client(), "/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases", "deletecollection=true");

            leaseList = leases(f).inNamespace(ns).list();
            assertEquals(1, leaseList.getItems().size(), "couldn't list Leases");

            leases(f).inNamespace(ns).withName(name).delete();

            // fabric8's get() answers a 404 NotFound with null and throws on any other error
            Lease gone = leases(f).inNamespace(ns).withName(name).get();
            if (gone != null) {
                fail("expected IsNotFound error, got " + gone);
            }

            // Number of leases may be high in large clusters, as Lease object is created for every node.
            leases(f).inAnyNamespace().list();
        }
    }

    // ---------------------------------------------------------------- core_events.go

    @Test
    @DisplayName("[sig-instrumentation] Events should manage the lifecycle of an event [Conformance]")
    void managesTheLifecycleOfAnEvent(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "events")) {
            String ns = f.namespace();
            String eventTestName = "event-test";

            // creating a test event
            coreEvents(f).inNamespace(ns).resource(new EventBuilder()
                    .withNewMetadata().withName(eventTestName).addToLabels("testevent-constant", "true").endMetadata()
                    .withMessage("This is a test event").withReason("Test").withType("Normal").withCount(1)
                    .withInvolvedObject(new ObjectReferenceBuilder().withNamespace(ns).build()).build()).create();

            // listing all events in all namespaces
            EventList eventsList = coreEvents(f).inAnyNamespace().withLabel("testevent-constant", "true").list();
            String eventCreatedName = null;
            for (Event val : eventsList.getItems()) {
                if (val.getMetadata().getName().equals(eventTestName) && val.getMetadata().getNamespace().equals(ns)) {
                    eventCreatedName = val.getMetadata().getName();
                    break;
                }
            }
            if (eventCreatedName == null) {
                fail("unable to find test event " + eventTestName + " in namespace " + ns
                        + ", full list of events is " + eventsList.getItems());
            }

            // patching the test event
            String eventPatchMessage = "This is a test event - patched";
            String eventPatch = MAPPER.writeValueAsString(Map.of("message", eventPatchMessage));
            coreEvents(f).inNamespace(ns).withName(eventTestName).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), eventPatch);

            // fetching the test event
            Event event = coreEvents(f).inNamespace(ns).withName(eventCreatedName).get();
            assertEquals(eventPatchMessage, event.getMessage(), "test event message does not match patch message");

            // updating the test event
            Event testEvent = coreEvents(f).inNamespace(ns).withName(event.getMetadata().getName()).get();
            testEvent.setSeries(new EventSeries(100, new MicroTime(microTime(1505828956))));
            // clear ResourceVersion and ManagedFields which are set by control-plane
            testEvent.getMetadata().setResourceVersion(null);
            testEvent.getMetadata().setManagedFields(null);
            updateUnconditionally(f.client(), "/api/v1/namespaces/" + ns + "/events/" + testEvent.getMetadata().getName(),
                    testEvent);

            // getting the test event
            event = coreEvents(f).inNamespace(ns).withName(testEvent.getMetadata().getName()).get();
            // clear ResourceVersion and ManagedFields which are set by control-plane
            event.getMetadata().setResourceVersion(null);
            event.getMetadata().setManagedFields(null);
            assertSemanticallyEqual(testEvent, event, "test event wasn't properly updated");

            // deleting the test event
            coreEvents(f).inNamespace(ns).withName(eventCreatedName).delete();

            // listing all events in all namespaces
            eventsList = coreEvents(f).inAnyNamespace().withLabel("testevent-constant", "true").list();
            for (Event val : eventsList.getItems()) {
                if (val.getMetadata().getName().equals(eventTestName) && val.getMetadata().getNamespace().equals(ns)) {
                    fail("Should not have found test event " + eventTestName + " in namespace " + ns
                            + ", full list of events " + eventsList.getItems());
                }
            }
        }
    }

    @Test
    @DisplayName("[sig-instrumentation] Events should delete a collection of events [Conformance]")
    void deletesACollectionOfCoreEvents(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "events")) {
            String ns = f.namespace();
            List<String> eventTestNames = List.of("test-event-1", "test-event-2", "test-event-3");

            // Create set of events
            for (String eventTestName : eventTestNames) {
                coreEvents(f).inNamespace(ns).resource(new EventBuilder()
                        .withNewMetadata().withName(eventTestName).addToLabels("testevent-set", "true").endMetadata()
                        .withMessage("This is " + eventTestName).withReason("Test").withType("Normal").withCount(1)
                        .withInvolvedObject(new ObjectReferenceBuilder().withNamespace(ns).build()).build()).create();
            }

            // get a list of Events with a label in the current namespace
            EventList eventList = coreEvents(f).inNamespace(ns).withLabel("testevent-set", "true").list();
            assertEquals(eventTestNames.size(), eventList.getItems().size(), "looking for expected number of pod templates events");

            // delete collection of events
            deleteCollection(f.client(), "/api/v1/namespaces/" + ns + "/events", "testevent-set=true");

            // check that the list of events matches the requested quantity
            pollImmediate(() -> coreEvents(f).inNamespace(ns).withLabel("testevent-set", "true").list().getItems().isEmpty(),
                    "failed to count required events");
        }
    }

    // ---------------------------------------------------------------- events.go

    /** Upstream's {@code newTestEvent}. */
    private static io.fabric8.kubernetes.api.model.events.v1.Event newTestEvent(String namespace, String name, String label) {
        return new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
                .withNewMetadata().withName(name).addToLabels(label, "true").endMetadata()
                .withRegarding(new ObjectReferenceBuilder().withNamespace(namespace).build())
                .withEventTime(new MicroTime(microTime(1505828956)))
                .withNote("This is " + name).withAction("Do").withReason("Test").withType("Normal")
                .withReportingController("test-controller").withReportingInstance("test-node")
                .build();
    }

    /** Upstream's {@code eventExistsInList}: lists with the {@code testevent-constant=true} label selector. */
    private static boolean eventExistsInList(Framework f, boolean allNamespaces, String namespace, String name) {
        var client = events(f);
        var list = (allNamespaces ? client.inAnyNamespace() : client.inNamespace(f.namespace()))
                .withLabel("testevent-constant", "true").list();
        for (var val : list.getItems()) {
            if (val.getMetadata().getName().equals(name) && val.getMetadata().getNamespace().equals(namespace)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @DisplayName("[sig-instrumentation] Events API should ensure that an event can be fetched, patched, deleted, and listed [Conformance]")
    void eventsApiFetchesPatchesDeletesAndLists(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "events")) {
            String ns = f.namespace();
            String eventName = "event-test";

            // creating a test event
            events(f).inNamespace(ns).resource(newTestEvent(ns, eventName, "testevent-constant")).create();

            // listing events in all namespaces
            if (!eventExistsInList(f, true, ns, eventName)) {
                fail("Failed to find test event " + eventName + " in namespace " + ns + ", in list with cluster scope");
            }

            // listing events in test namespace
            if (!eventExistsInList(f, false, ns, eventName)) {
                fail("Failed to find test event " + eventName + " in namespace " + ns + ", in list with namespace scope");
            }

            // listing events with field selection filtering on source
            EventList filteredCoreV1List = coreEvents(f).inNamespace(ns).withField("source", "test-controller").list();
            if (filteredCoreV1List.getItems().size() != 1
                    || !filteredCoreV1List.getItems().get(0).getMetadata().getName().equals(eventName)) {
                fail("expected single event, got " + filteredCoreV1List.getItems());
            }

            // listing events with field selection filtering on reportingController
            var filteredEventsV1List = events(f).inNamespace(ns).withField("reportingController", "test-controller").list();
            if (filteredEventsV1List.getItems().size() != 1
                    || !filteredEventsV1List.getItems().get(0).getMetadata().getName().equals(eventName)) {
                fail("expected single event, got " + filteredEventsV1List.getItems());
            }

            // getting the test event
            var testEvent = events(f).inNamespace(ns).withName(eventName).get();

            // patching the test event
            var newEvent = SERIALIZATION.clone(testEvent);
            var eventSeries = new io.fabric8.kubernetes.api.model.events.v1.EventSeries(2, new MicroTime(microTime(1505828951)));
            newEvent.setSeries(eventSeries);
            String patchBytes = TwoWayMergePatch.create(testEvent, newEvent);
            events(f).inNamespace(ns).withName(eventName).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patchBytes);

            // getting the test event
            var event = events(f).inNamespace(ns).withName(eventName).get();
            // clear ResourceVersion and ManagedFields which are set by control-plane
            event.getMetadata().setResourceVersion(null);
            testEvent.getMetadata().setResourceVersion(null);
            event.getMetadata().setManagedFields(null);
            testEvent.getMetadata().setManagedFields(null);
            testEvent.setSeries(eventSeries);
            assertSemanticallyEqual(testEvent, event, "test event wasn't properly patched");

            // updating the test event
            testEvent.setSeries(new io.fabric8.kubernetes.api.model.events.v1.EventSeries(100, new MicroTime(microTime(1505828956))));
            updateUnconditionally(f.client(), "/apis/events.k8s.io/v1/namespaces/" + ns + "/events/" + eventName, testEvent);

            // getting the test event
            event = events(f).inNamespace(ns).withName(eventName).get();
            // clear ResourceVersion and ManagedFields which are set by control-plane
            event.getMetadata().setResourceVersion(null);
            event.getMetadata().setManagedFields(null);
            assertSemanticallyEqual(testEvent, event, "test event wasn't properly updated");

            // deleting the test event
            events(f).inNamespace(ns).withName(eventName).delete();

            // listing events in all namespaces
            if (eventExistsInList(f, true, ns, eventName)) {
                fail("Should not have found test event " + eventName + " in namespace " + ns
                        + ", in list with cluster scope after deletion");
            }

            // listing events in test namespace
            if (eventExistsInList(f, false, ns, eventName)) {
                fail("Should not have found test event " + eventName + " in namespace " + ns
                        + ", in list with namespace scope after deletion");
            }
        }
    }

    @Test
    @DisplayName("[sig-instrumentation] Events API should delete a collection of events [Conformance]")
    void eventsApiDeletesACollectionOfEvents(LocalControlPlane plane) throws Exception {
        try (Framework f = Framework.create(plane, "events")) {
            String ns = f.namespace();
            List<String> eventNames = List.of("test-event-1", "test-event-2", "test-event-3");

            // Create set of events
            for (String eventName : eventNames) {
                events(f).inNamespace(ns).resource(newTestEvent(ns, eventName, "testevent-set")).create();
            }

            // get a list of Events with a label in the current namespace
            var eventList = events(f).inNamespace(ns).withLabel("testevent-set", "true").list();
            assertEquals(eventNames.size(), eventList.getItems().size(), "unexpected event list: " + eventList);

            // delete a list of events
            deleteCollection(f.client(), "/apis/events.k8s.io/v1/namespaces/" + ns + "/events", "testevent-set=true");

            // check that the list of events matches the requested quantity
            eventList = events(f).inNamespace(ns).withLabel("testevent-set", "true").list();
            assertEquals(0, eventList.getItems().size(), "unexpected event list: " + eventList);
        }
    }
}

package io.capstan.e2e.conformance;

import io.capstan.e2e.LocalControlPlane;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateList;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java twins of upstream's two {@code [sig-api-machinery] Servers with support for API chunking}
 * conformance tests (kubernetes/kubernetes {@code test/e2e/apimachinery/chunking.go}, v1.32), with
 * upstream's assertions: 400 PodTemplates read in pages of random size at one resource version, in
 * name order, each page with a continue token counting the items left ({@code remainingItemCount});
 * then, once compaction has passed the first page's revision, the continue token is refused with
 * {@code 410 Gone} carrying an "inconsistent" token that lists the rest at a newer revision.
 *
 * <p>Upstream waits up to twice the default compaction interval (2 × 5 min) for the token to expire,
 * polling every 20 s. The subclasses start the API server with {@link #COMPACTION_INTERVAL}, so the same
 * wait ends in well under a minute.
 */
abstract class ChunkingConformance {
    static final String COMPACTION_INTERVAL = "--etcd-compaction-interval=10s";
    private static final Duration COMPACTION_WAIT = Duration.ofSeconds(2 * 10);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final int TOTAL = 400;

    private static MixedOperation<PodTemplate, PodTemplateList, Resource<PodTemplate>> podTemplates(Framework f) {
        return f.client().resources(PodTemplate.class, PodTemplateList.class);
    }

    /** The BeforeEach: 400 PodTemplates, created 20 at a time, each tried up to four times. */
    private static Framework frameworkWithTemplates(LocalControlPlane plane) throws Exception {
        Framework f = Framework.create(plane, "chunking");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < TOTAL; i++) {
                String name = String.format("template-%04d", i);
                creates.add(pool.submit(() -> {
                    KubernetesClientException last = null;
                    for (int tries = 3; tries >= 0; tries--) {
                        try {
                            podTemplates(f).inNamespace(f.namespace()).resource(new PodTemplateBuilder()
                                    .withNewMetadata().withName(name).endMetadata()
                                    .withNewTemplate().withNewSpec().addNewContainer().withName("test").withImage("test2")
                                    .endContainer().endSpec().endTemplate().build()).create();
                            return null;
                        } catch (KubernetesClientException e) {
                            last = e;
                        }
                    }
                    throw new AssertionError("Unable to create template " + name, last);
                }));
            }
            for (Future<?> c : creates) {
                c.get();
            }
        } catch (Exception | AssertionError e) {
            f.close();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        return f;
    }

    private static PodTemplateList list(Framework f, long limit, String continueToken) {
        ListOptions options = new ListOptions();
        options.setLimit(limit);
        options.setContinue(continueToken);
        return podTemplates(f).inNamespace(f.namespace()).list(options);
    }

    /** Upstream's remaining-item check: absent on the last page, otherwise items so far + this page + remaining = 400. */
    private static void checkRemaining(PodTemplateList list, int found) {
        String cont = list.getMetadata().getContinue();
        Long remaining = list.getMetadata().getRemainingItemCount();
        if (cont == null || cont.isEmpty()) {
            assertNull(remaining, "the last page carries no remainingItemCount");
        } else {
            assertNotNull(remaining, "a page with a continue token carries remainingItemCount");
            assertEquals(TOTAL, remaining + list.getItems().size() + found);
        }
    }

    private static int checkNames(PodTemplateList list, int found) {
        for (PodTemplate item : list.getItems()) {
            assertEquals(String.format("template-%04d", found), item.getMetadata().getName());
            found++;
        }
        return found;
    }

    @Test
    @DisplayName("[sig-api-machinery] Servers with support for API chunking should return chunks of results for list calls [Conformance]")
    void returnsChunksOfResultsForListCalls(LocalControlPlane plane) throws Exception {
        try (Framework f = frameworkWithTemplates(plane)) {
            // retrieving those results in paged fashion several times
            for (int i = 0; i < 3; i++) {
                int found = 0;
                String lastRv = "";
                String cont = null;
                while (true) {
                    long limit = ThreadLocalRandom.current().nextInt(TOTAL / 10) + 1;
                    PodTemplateList list = list(f, limit, cont);
                    assertTrue(list.getItems().size() <= limit, "at most limit items");
                    if (lastRv.isEmpty()) {
                        lastRv = list.getMetadata().getResourceVersion();
                    }
                    assertEquals(lastRv, list.getMetadata().getResourceVersion(), "every page is at the first page's resource version");
                    checkRemaining(list, found);
                    found = checkNames(list, found);
                    cont = list.getMetadata().getContinue();
                    if (cont == null || cont.isEmpty()) {
                        break;
                    }
                }
                assertEquals(TOTAL, found);
            }

            // retrieving those results all at once
            assertEquals(TOTAL, list(f, TOTAL + 1, null).getItems().size());
        }
    }

    @Test
    @DisplayName("[sig-api-machinery] Servers with support for API chunking should support continue listing from the last key if the original version has been compacted away, though the list is inconsistent [Slow] [Conformance]")
    void continuesFromTheLastKeyAfterCompaction(LocalControlPlane plane) throws Exception {
        try (Framework f = frameworkWithTemplates(plane)) {
            // retrieving the first page
            int oneTenth = TOTAL / 10;
            PodTemplateList first = list(f, oneTenth, null);
            String firstToken = first.getMetadata().getContinue();
            String firstRv = first.getMetadata().getResourceVersion();
            checkRemaining(first, 0);

            // retrieving the second page until the token expires
            String inconsistentToken = null;
            long deadline = System.nanoTime() + COMPACTION_WAIT.multipliedBy(2).toNanos();
            while (inconsistentToken == null) {
                Thread.sleep(POLL);
                try {
                    list(f, oneTenth, firstToken);
                    assertTrue(System.nanoTime() < deadline, "token " + firstToken + " did not expire within "
                            + COMPACTION_WAIT.multipliedBy(2).toSeconds() + " s of compaction every 10 s");
                } catch (KubernetesClientException e) {
                    assertEquals(410, e.getCode(), "an expired continue token is 410 Gone: " + e.getMessage());
                    assertEquals("Expired", e.getStatus().getReason());
                    inconsistentToken = e.getStatus().getMetadata() == null ? null : e.getStatus().getMetadata().getContinue();
                    assertNotNull(inconsistentToken, "expect non empty continue token");
                    assertFalse(inconsistentToken.isEmpty(), "expect non empty continue token");
                }
            }

            // retrieving the second page again with the token received with the error message
            PodTemplateList second = list(f, oneTenth, inconsistentToken);
            assertNotEquals(firstRv, second.getMetadata().getResourceVersion());
            assertEquals(oneTenth, second.getItems().size());
            int found = oneTenth;
            checkRemaining(second, found);
            found = checkNames(second, found);

            // retrieving all remaining pages
            String cont = second.getMetadata().getContinue();
            String lastRv = second.getMetadata().getResourceVersion();
            while (true) {
                PodTemplateList list = list(f, oneTenth, cont);
                checkRemaining(list, found);
                assertTrue(list.getItems().size() <= oneTenth);
                assertEquals(lastRv, list.getMetadata().getResourceVersion());
                found = checkNames(list, found);
                cont = list.getMetadata().getContinue();
                if (cont == null || cont.isEmpty()) {
                    break;
                }
            }
            assertEquals(TOTAL, found);
        }
    }
}

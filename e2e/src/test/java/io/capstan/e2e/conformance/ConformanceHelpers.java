package io.capstan.e2e.conformance;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The client-go and e2e-framework pieces the storage, node and scheduling API twins share: a
 * DeleteCollection as client-go sends it, {@code retry.RetryOnConflict}, gomega's {@code Eventually},
 * {@code utilrand.String}, apimachinery's error predicates, the three discovery reads, and the cluster's
 * nodes (a conformance cluster has some; the e2e plane runs no kubelet, so a stand-in Node object is
 * registered when there is none).
 */
final class ConformanceHelpers {
    /** Name of the Node object that stands in for a real node when the plane has none. */
    static final String STAND_IN_NODE = "capstan-e2e-stand-in-node";

    private ConformanceHelpers() {
    }

    /** client-go's {@code DeleteCollection(ctx, metav1.DeleteOptions{}, metav1.ListOptions{LabelSelector: ...})}: one DELETE. */
    static void deleteCollection(KubernetesClient client, String collectionPath, String labelSelector) {
        client.raw(collectionPath + "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8),
                "DELETE", new DeleteOptions());
    }

    /** client-go's {@code retry.RetryOnConflict(retry.DefaultRetry, ...)}: five tries, 10 ms apart, while the server says 409 Conflict. */
    static <T> T retryOnConflict(Supplier<T> attempt) throws InterruptedException {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (KubernetesClientException e) {
                if (!isConflict(e) || i >= 5) {
                    throw e;
                }
            }
            Thread.sleep(10);
        }
    }

    /** An {@code Eventually(...).WithTimeout(timeout).Should(...)}: polls {@code condition} until it holds. */
    static void eventually(Supplier<Boolean> condition, Duration timeout, Duration poll, String message)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                fail(message + " (timed out after " + timeout.toSeconds() + " s)");
            }
            Thread.sleep(poll);
        }
    }

    /** {@code utilrand.String(n)}: lower-case consonants and digits. */
    static String randomString(int n) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** {@code apierrors.IsAlreadyExists}. */
    static boolean isAlreadyExists(KubernetesClientException e) {
        return reason(e, "AlreadyExists", 409);
    }

    /** {@code apierrors.IsNotFound}. */
    static boolean isNotFound(KubernetesClientException e) {
        return reason(e, "NotFound", 404);
    }

    /** {@code apierrors.IsForbidden}. */
    static boolean isForbidden(KubernetesClientException e) {
        return reason(e, "Forbidden", 403);
    }

    /** {@code apierrors.IsConflict}. */
    static boolean isConflict(KubernetesClientException e) {
        return reason(e, "Conflict", 409);
    }

    /** apimachinery's predicates read the Status reason, or the code when the reason is unknown. */
    private static boolean reason(KubernetesClientException e, String reason, int code) {
        String actual = e.getStatus() == null ? null : e.getStatus().getReason();
        return actual == null || actual.isEmpty() ? e.getCode() == code : actual.equals(reason);
    }

    /** What a client-go call's error prints ({@code StatusError.Error()}): the Status message. */
    static String errorText(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }

    /** {@code f.ClientSet.Discovery().ServerGroups()}. */
    static APIGroupList serverGroups(KubernetesClient client) {
        return Serialization.unmarshal(client.raw("/apis"), APIGroupList.class);
    }

    /** {@code RESTClient().Get().AbsPath("/apis/<group>")} into an {@code APIGroup}. */
    static APIGroup serverGroup(KubernetesClient client, String group) {
        return Serialization.unmarshal(client.raw("/apis/" + group), APIGroup.class);
    }

    /** {@code f.ClientSet.Discovery().ServerResourcesForGroupVersion(groupVersion)}. */
    static APIResourceList serverResourcesForGroupVersion(KubernetesClient client, String groupVersion) {
        String path = groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
        return Serialization.unmarshal(client.raw(path), APIResourceList.class);
    }

    /**
     * {@code f.ClientSet.CoreV1().Nodes().List(ctx, metav1.ListOptions{})} on a cluster that has nodes. A
     * cluster under conformance test has at least one; the e2e plane runs no kubelet, so when it has none
     * this registers an unschedulable stand-in Node (the scheduler leaves it alone, as upstream's fake
     * node tests do) before listing.
     */
    static List<Node> clusterNodes(KubernetesClient client) {
        List<Node> nodes = client.nodes().list().getItems();
        if (!nodes.isEmpty()) {
            return nodes;
        }
        try {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(STAND_IN_NODE).endMetadata()
                    .withNewSpec().withUnschedulable(true).endSpec().build()).create();
        } catch (KubernetesClientException e) {
            if (!isAlreadyExists(e)) {
                throw e;
            }
        }
        return client.nodes().list().getItems();
    }

    /**
     * A watch's {@code ResultChan()} read one event at a time, of any type, as the tests that
     * {@code select} on it do ({@link EventChannel} skips to an expected event instead). Bookmarks are
     * not results; a closed watch is reported as such.
     */
    static final class ResultChan<T extends HasMetadata> implements Watcher<T>, AutoCloseable {
        /** One event, or {@code closed} when the channel closed. */
        record Event<T>(Action type, T object, boolean closed) {
        }

        private final BlockingQueue<Event<T>> events = new LinkedBlockingQueue<>();
        private volatile Watch watch;

        /** Opens the watch with {@code open} (given this channel as the watcher). */
        static <T extends HasMetadata> ResultChan<T> open(Function<Watcher<T>, Watch> open) {
            ResultChan<T> channel = new ResultChan<>();
            channel.watch = open.apply(channel);
            return channel;
        }

        @Override
        public void eventReceived(Action action, T resource) {
            if (action != Action.BOOKMARK) {
                events.add(new Event<>(action, resource, false));
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            events.add(new Event<>(null, null, true));
        }

        @Override
        public void onClose() {
            events.add(new Event<>(null, null, true));
        }

        /** The next event ({@code case evt, ok := <-w.ResultChan()}), or null when {@code timeout} passes first. */
        Event<T> receive(Duration timeout) throws InterruptedException {
            return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            Watch w = watch;
            if (w != null) {
                w.close();
            }
        }
    }
}

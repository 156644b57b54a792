package io.capstan.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/** The scheduler's writes to the API: binding a pod, recording why it cannot be scheduled, and Events about both. */
public interface PodWriter {

    /** POSTs a {@code v1 Binding} of {@code pod} to {@code nodeName}; throws when the server refuses. */
    void bind(Pod pod, String nodeName);

    /** Sets {@code condition} in the pod's status (replacing one of the same type); throws on failure. */
    void updateCondition(Pod pod, PodCondition condition);

    /**
     * Records an Event about {@code pod} from {@code default-scheduler}, as upstream's scheduler does
     * ({@code Normal Scheduled} on binding, {@code Warning FailedScheduling} when nothing fits), so that
     * {@code kubectl describe pod} shows them; throws on failure (callers treat events as best effort).
     */
    void recordEvent(Pod pod, String type, String reason, String action, String note);
}

package io.capstan.scheduler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

/** The scheduler's writes to the API: binding a pod, and recording why it cannot be scheduled. */
public interface PodWriter {

    /** POSTs a {@code v1 Binding} of {@code pod} to {@code nodeName}; throws when the server refuses. */
    void bind(Pod pod, String nodeName);

    /** Sets {@code condition} in the pod's status (replacing one of the same type); throws on failure. */
    void updateCondition(Pod pod, PodCondition condition);
}

package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/** Ranks a feasible node for a pod, as upstream's {@code framework.ScorePlugin}. Pure. */
public interface ScorePlugin {

    /** The highest score. */
    long MAX_NODE_SCORE = 100;

    /** The plugin's upstream name. */
    String name();

    /** A score from 0 to {@link #MAX_NODE_SCORE}; higher is better. */
    long score(Pod pod, NodeInfo node);
}

package io.capstan.scheduler.framework;

import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one scheduling attempt: the chosen node, or why no node fits (upstream's {@code FitError}).
 *
 * @param suggestedHost the chosen node, or null
 * @param message       for an unschedulable pod, upstream's message: {@code 0/3 nodes are available: ...}
 * @param reasons       for an unschedulable pod, how many nodes failed for each reason
 */
public record ScheduleResult(String suggestedHost, String message, Map<String, Integer> reasons) {

    public ScheduleResult {
        reasons = Map.copyOf(reasons);
    }

    /** The pod goes to {@code host}. */
    public static ScheduleResult scheduled(String host) {
        return new ScheduleResult(host, null, Map.of());
    }

    /** No node fits. */
    public static ScheduleResult unschedulable(String message, Map<String, Integer> reasons) {
        return new ScheduleResult(null, message, reasons);
    }

    /** The chosen node, if any. */
    public Optional<String> host() {
        return Optional.ofNullable(suggestedHost);
    }
}

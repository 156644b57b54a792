package io.capstan.apiserver.flowcontrol;

/**
 * A priority level in force: the PriorityLevelConfiguration's name and UID and the {@link QueueSet} that
 * admits its requests.
 */
public record PriorityLevel(String name, String uid, boolean exempt, QueueSet queueSet) {
}

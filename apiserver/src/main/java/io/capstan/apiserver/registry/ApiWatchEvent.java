package io.capstan.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One event of an API watch: its type and the object (or a Status for ERROR). */
public record ApiWatchEvent(WatchEventType type, ObjectNode object, long revision) {
}

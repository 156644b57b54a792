package io.capstan.apiserver.flowcontrol;

/**
 * Where priority and fairness put a request: the FlowSchema it matched, its priority level, and its flow
 * (FlowSchema name plus distinguisher) as a 64-bit hash for shuffle sharding.
 */
public record Classification(String flowSchema, String flowSchemaUid, PriorityLevel priorityLevel, String flowDistinguisher,
                             long flowHash) {
}

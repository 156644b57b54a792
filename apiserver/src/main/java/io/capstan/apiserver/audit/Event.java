package io.capstan.apiserver.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.authentication.UserInfo;
import io.capstan.common.json.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One audit event, as upstream's {@code audit.k8s.io/v1} {@code Event}. The audit filter fills it in as the request
 * goes on and writes a copy ({@link #toJson()}) at each stage; fields are set by one request thread at a time.
 */
public final class Event {
    /** Upstream's {@code metav1.MicroTime} format: RFC 3339 with microseconds, in UTC. */
    static final DateTimeFormatter MICRO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Level level;
    private final String auditId;
    private final String requestUri;
    private final String verb;
    private final UserInfo user;
    private final List<String> sourceIPs;
    private final String userAgent;
    private final Instant requestReceived;
    private Stage stage = Stage.REQUEST_RECEIVED;
    private Instant stageTimestamp;
    private UserInfo impersonatedUser;
    private ObjectReference objectRef;
    private ObjectNode responseStatus;
    private JsonNode requestObject;
    private JsonNode responseObject;
    private final Map<String, String> annotations = new TreeMap<>();

    public Event(Level level, String auditId, String requestUri, String verb, UserInfo user, List<String> sourceIPs,
                 String userAgent, ObjectReference objectRef, Instant requestReceived) {
        this.level = level;
        this.auditId = auditId;
        this.requestUri = requestUri;
        this.verb = verb;
        this.user = user;
        this.sourceIPs = List.copyOf(sourceIPs);
        this.userAgent = userAgent;
        this.objectRef = objectRef;
        this.requestReceived = requestReceived;
        this.stageTimestamp = requestReceived;
    }

    public Level level() {
        return level;
    }

    public Stage stage() {
        return stage;
    }

    /** Moves the event to {@code stage}, reached at {@code at}. */
    public void stage(Stage stage, Instant at) {
        this.stage = stage;
        this.stageTimestamp = at;
    }

    public ObjectReference objectRef() {
        return objectRef;
    }

    public void objectRef(ObjectReference ref) {
        this.objectRef = ref;
    }

    public void impersonatedUser(UserInfo user) {
        this.impersonatedUser = user;
    }

    /** The response status: at least {@code code}; for a {@code Status} response also status, message, reason, details. */
    public ObjectNode responseStatus() {
        return responseStatus;
    }

    public void responseStatus(ObjectNode status) {
        this.responseStatus = status;
    }

    public void requestObject(JsonNode object) {
        this.requestObject = object;
    }

    public void responseObject(JsonNode object) {
        this.responseObject = object;
    }

    /** Adds an annotation (upstream's {@code audit.AddAuditAnnotation}); an existing key keeps its first value. */
    public void annotate(String key, String value) {
        annotations.putIfAbsent(key, value);
    }

    /** A copy at the current stage, which later changes to this event do not affect (for buffering backends). */
    public Event copy() {
        Event c = new Event(level, auditId, requestUri, verb, user, sourceIPs, userAgent, objectRef, requestReceived);
        c.stage = stage;
        c.stageTimestamp = stageTimestamp;
        c.impersonatedUser = impersonatedUser;
        c.responseStatus = responseStatus == null ? null : responseStatus.deepCopy();
        c.requestObject = requestObject;
        c.responseObject = responseObject;
        c.annotations.putAll(annotations);
        return c;
    }

    /** The event as one line of the log, in upstream's field order and {@code omitempty} rules. */
    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", "Event");
        o.put("apiVersion", "audit.k8s.io/v1");
        o.put("level", level.value());
        o.put("auditID", auditId);
        o.put("stage", stage.value());
        o.put("requestURI", requestUri);
        o.put("verb", verb);
        o.set("user", user(user));
        if (impersonatedUser != null) {
            o.set("impersonatedUser", user(impersonatedUser));
        }
        if (!sourceIPs.isEmpty()) {
            sourceIPs.forEach(o.putArray("sourceIPs")::add);
        }
        if (userAgent != null && !userAgent.isEmpty()) {
            o.put("userAgent", userAgent);
        }
        if (objectRef != null) {
            o.set("objectRef", objectRef.toJson());
        }
        if (responseStatus != null) {
            o.set("responseStatus", responseStatus.deepCopy());
        }
        if (requestObject != null) {
            o.set("requestObject", requestObject);
        }
        if (responseObject != null) {
            o.set("responseObject", responseObject);
        }
        o.put("requestReceivedTimestamp", MICRO_TIME.format(requestReceived));
        o.put("stageTimestamp", MICRO_TIME.format(stageTimestamp));
        if (!annotations.isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            annotations.forEach(a::put);
        }
        return o;
    }

    private static ObjectNode user(UserInfo u) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        if (!u.username().isEmpty()) {
            o.put("username", u.username());
        }
        if (u.uid() != null && !u.uid().isEmpty()) {
            o.put("uid", u.uid());
        }
        if (!u.groups().isEmpty()) {
            u.groups().forEach(o.putArray("groups")::add);
        }
        if (!u.extra().isEmpty()) {
            ObjectNode extra = o.putObject("extra");
            new TreeMap<>(u.extra()).forEach((k, v) -> v.forEach(extra.putArray(k)::add));
        }
        return o;
    }
}

package io.capstan.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.apiserver.registry.ApiWatchEvent;
import io.capstan.apiserver.registry.GenericStore;
import io.capstan.apiserver.registry.ListOptions;
import io.capstan.apiserver.registry.ResourceDefinition;
import io.capstan.apiserver.registry.WatchEventType;
import io.capstan.apiserver.registry.WatchStream;
import io.capstan.common.json.Json;
import io.capstan.common.server.ResponseStreams;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Streams a watch as upstream does: HTTP 200, then one JSON event per line
 * ({@code {"type":"ADDED","object":{...}}}), flushed as it happens; bookmarks when asked for;
 * the stream ends at {@code timeoutSeconds} (or a random 30-60 minutes), on shutdown, or when
 * the client goes away.
 */
public final class WatchResponder {
    private static final Logger LOG = Logger.getLogger(WatchResponder.class.getName());
    private final Set<WatchStream> active = ConcurrentHashMap.newKeySet();
    private final Duration bookmarkInterval;
    private final Duration minRequestTimeout;
    private volatile boolean stopping;

    /**
     * @param bookmarkInterval  how often an idle watch that allows bookmarks gets one
     * @param minRequestTimeout watches without {@code timeoutSeconds} end after a random time between this and twice it
     */
    public WatchResponder(Duration bookmarkInterval, Duration minRequestTimeout) {
        this.bookmarkInterval = bookmarkInterval;
        this.minRequestTimeout = minRequestTimeout;
    }

    /** Serves one watch until it ends. Runs on the request's (virtual) thread. */
    public void serve(GenericStore store, String namespace, ListOptions opts, Representation rep, String includeObject,
                      ServerResponse res) {
        WatchStream stream = store.watch(namespace, opts); // throws a Status (400/410) before any byte is sent
        active.add(stream);
        if (stopping) {
            stream.end();
        }
        ResourceDefinition def = store.definition();
        long timeoutMillis = opts.timeoutSeconds() > 0 ? opts.timeoutSeconds() * 1000
                : minRequestTimeout.toMillis() + ThreadLocalRandom.current().nextLong(Math.max(1, minRequestTimeout.toMillis()));
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long lastSent = System.currentTimeMillis();
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, MediaTypes.JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, private");
        try (OutputStream out = res.outputStream()) {
            ResponseStreams.sendHeaders(out);
            while (true) {
                long now = System.currentTimeMillis();
                if (now >= deadline) {
                    break;
                }
                long wait = Math.min(deadline - now, opts.allowWatchBookmarks()
                        ? Math.max(1, bookmarkInterval.toMillis() - (now - lastSent)) : deadline - now);
                ApiWatchEvent e = stream.poll(wait);
                if (e == null) {
                    if (opts.allowWatchBookmarks() && System.currentTimeMillis() - lastSent >= bookmarkInterval.toMillis()) {
                        ObjectNode bookmark = store.bookmark(stream.lastRevision(), false);
                        write(out, WatchEventType.BOOKMARK, rep.partialMetadata() ? rep.partialObjectMetadata(bookmark) : bookmark);
                        lastSent = System.currentTimeMillis();
                    }
                    continue;
                }
                if (stream.isEnd(e)) {
                    break;
                }
                if (e.type() == WatchEventType.BOOKMARK && !opts.allowWatchBookmarks()) {
                    continue;
                }
                if (e.shared() != null && rep != Representation.TABLE && e.type() != WatchEventType.ERROR
                        && e.type() != WatchEventType.BOOKMARK) {
                    // Serialized once per representation for every watch that sends this event.
                    write(out, e.type(), e.shared().encoded(rep, o -> encodeObject(def, rep, o)));
                    lastSent = System.currentTimeMillis();
                    continue;
                }
                ObjectNode obj = e.object();
                if (e.type() != WatchEventType.ERROR && e.type() != WatchEventType.BOOKMARK) {
                    obj = withType(def, obj);
                    if (rep == Representation.TABLE) {
                        obj = Representation.table(def, List.of(obj), includeObject, null);
                    } else if (rep.partialMetadata()) {
                        obj = rep.partialObjectMetadata(obj);
                    }
                } else if (e.type() == WatchEventType.BOOKMARK && rep.partialMetadata()) {
                    obj = rep.partialObjectMetadata(obj);
                }
                write(out, e.type(), obj);
                lastSent = System.currentTimeMillis();
                if (e.type() == WatchEventType.ERROR) {
                    break;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.fine(() -> "watch client went away: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.close();
            active.remove(stream);
        }
    }

    private static ObjectNode withType(ResourceDefinition def, ObjectNode obj) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("kind", def.kind());
        o.put("apiVersion", def.gvr().groupVersion());
        o.setAll(obj);
        return o;
    }

    /** An event's object as sent in {@code rep} (JSON or partial object metadata), without changing {@code obj}. */
    private static byte[] encodeObject(ResourceDefinition def, Representation rep, ObjectNode obj) {
        return Json.bytes(rep.partialMetadata() ? rep.partialObjectMetadata(obj) : withType(def, obj));
    }

    /** Writes {@code {"type":"<type>","object":<object>}} and a newline, as Jackson writes the event object. */
    private static void write(OutputStream out, WatchEventType type, byte[] object) throws IOException {
        byte[] head = ("{\"type\":\"" + type.name() + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + object.length + 2];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(object, 0, line, head.length, object.length);
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        out.write(line);
        out.flush();
    }

    private static void write(OutputStream out, WatchEventType type, ObjectNode obj) throws IOException {
        ObjectNode ev = Json.MAPPER.createObjectNode();
        ev.put("type", type.name());
        ev.set("object", obj);
        byte[] json = Json.bytes(ev);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        out.write(line);
        out.flush();
    }

    /** The number of watches being served. */
    public int activeCount() {
        return active.size();
    }

    /** Ends every watch cleanly (each response completes); new watches end at once. */
    public void stopAll() {
        stopping = true;
        for (WatchStream s : active) {
            s.end();
        }
    }
}

package io.capstan.common.client;

import io.capstan.common.api.StatusException;
import io.capstan.common.json.Json;

import java.io.IOException;

/**
 * A watch stream whose events carry typed models. One consumer thread calls {@link #next()}; any
 * thread may {@link #close()}.
 *
 * @param <T> the object type
 */
public final class TypedWatch<T> implements AutoCloseable {
    private final Watch watch;
    private final Class<T> type;

    TypedWatch(Watch watch, Class<T> type) {
        this.watch = watch;
        this.type = type;
    }

    /**
     * Blocks until the next event arrives.
     *
     * @return the event, or null once the stream ended (the server's timeout, or {@link #close()})
     * @throws StatusException for an ERROR event, e.g. a {@code GoneException}
     *                                               when the watched resourceVersion is too old
     * @throws IOException when the connection broke or the stream held something other than events
     */
    public TypedWatchEvent<T> next() throws IOException {
        WatchEvent event = watch.next();
        if (event == null) {
            return null;
        }
        if (event.type() == WatchEvent.Type.ERROR) {
            throw StatusException.of(event.error().status());
        }
        return new TypedWatchEvent<>(event.type(), Json.convert(event.object(), type), event.resourceVersion());
    }

    /** Ends the stream; a blocked {@link #next()} returns null. Idempotent. */
    @Override
    public void close() {
        watch.close();
    }
}

package io.capstan.common.client;

import java.io.IOException;

/**
 * An open watch stream. One consumer thread calls {@link #next()}; any thread may {@link #close()}.
 */
public interface Watch extends AutoCloseable {

    /**
     * Blocks until the next event arrives.
     *
     * @return the event, or null once the stream ended (the server's timeout, or {@link #close()})
     * @throws IOException when the connection broke or the stream held something other than events
     */
    WatchEvent next() throws IOException;

    /** Ends the stream; a blocked {@link #next()} returns null. Idempotent. */
    @Override
    void close();
}

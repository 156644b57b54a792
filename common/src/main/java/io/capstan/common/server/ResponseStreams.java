package io.capstan.common.server;

import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Helpers for long-running streamed responses (watches, proxied streams) on Helidon's HTTP/1 server. */
public final class ResponseStreams {
    private static final Logger LOG = Logger.getLogger(ResponseStreams.class.getName());

    private ResponseStreams() {
    }

    /**
     * Sends the status line and headers now, before any body byte, as upstream's watch handler does
     * with {@code Flush()}, so clients see the stream established even while no event comes.
     *
     * <p>Helidon 4.4 holds the first body buffer back and offers no public way to commit headers alone
     * (4.5 adds one for sinks); an empty chunk would end the stream. So this calls the response
     * stream's own header-sending step reflectively. If Helidon changes, it logs once and does
     * nothing: headers then go out with the first event, which clients tolerate.
     *
     * @return true when the headers were sent
     */
    public static boolean sendHeaders(OutputStream out) {
        try {
            Field delegateField = out.getClass().getDeclaredField("closingDelegate");
            delegateField.setAccessible(true);
            Object blocking = delegateField.get(out);
            Field firstByte = blocking.getClass().getDeclaredField("firstByte");
            firstByte.setAccessible(true);
            Field firstBuffer = blocking.getClass().getDeclaredField("firstBuffer");
            firstBuffer.setAccessible(true);
            Field chunked = blocking.getClass().getDeclaredField("isChunked");
            chunked.setAccessible(true);
            if (!firstByte.getBoolean(blocking) || firstBuffer.get(blocking) != null || !chunked.getBoolean(blocking)) {
                return false;
            }
            Method send = blocking.getClass().getDeclaredMethod("sendHeadersAndPrepare");
            send.setAccessible(true);
            send.invoke(blocking);
            firstByte.setBoolean(blocking, false);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot send response headers ahead of the body with this Helidon version", e);
            return false;
        }
    }
}

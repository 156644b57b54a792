package io.capstan.common.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-timeout watchdog: a stalled read is cut off, reads that progress are not. */
class ReadTimeoutTest {

    @Test
    void aReadThatStallsIsInterrupted() throws Exception {
        ReadTimeout timeout = ReadTimeout.of(Duration.ofMillis(200));
        PipedOutputStream writer = new PipedOutputStream();
        InputStream body = timeout.body(new PipedInputStream(writer));
        writer.write('{');
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        long start = System.nanoTime();
        Thread.ofVirtual().start(() -> {
            try {
                body.read();
                body.read(); // nothing more comes
                outcome.complete(null);
            } catch (IOException e) {
                outcome.complete(e);
            }
        });
        Throwable t = outcome.get(10, TimeUnit.SECONDS);
        assertInstanceOf(IOException.class, t, "the stalled read ends with an IOException");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "cut off after about the timeout");
    }

    @Test
    void readsThatProgressAreLeftAloneAndLeaveNoInterrupt() throws Exception {
        ReadTimeout timeout = ReadTimeout.of(Duration.ofMillis(200));
        byte[] data = new byte[64 * 1024];
        CompletableFuture<byte[]> read = new CompletableFuture<>();
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (InputStream in = timeout.body(new ByteArrayInputStream(data))) {
                byte[] out = in.readAllBytes();
                Thread.sleep(600); // well past the timeout, outside any read
                interrupted.complete(false);
                read.complete(out);
            } catch (IOException e) {
                read.completeExceptionally(e);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
        });
        assertFalse(interrupted.get(10, TimeUnit.SECONDS), "no interrupt outside a read");
        assertArrayEquals(data, read.get(10, TimeUnit.SECONDS));
    }
}

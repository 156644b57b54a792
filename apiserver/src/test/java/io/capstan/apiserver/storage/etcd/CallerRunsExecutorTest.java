package io.capstan.apiserver.storage.etcd;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallerRunsExecutorTest {
    @Test
    void runsEachTaskInTheSubmittingThreadBeforeReturning() throws Exception {
        CallerRunsExecutor executor = new CallerRunsExecutor();
        AtomicReference<Thread> ran = new AtomicReference<>();
        executor.execute(() -> ran.set(Thread.currentThread()));
        assertSame(Thread.currentThread(), ran.get());
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> "done", executor);
        assertTrue(f.isDone());
        assertEquals("done", f.get());
    }

    @Test
    void refusesTasksOnceShutDown() {
        CallerRunsExecutor executor = new CallerRunsExecutor();
        executor.shutdownNow();
        assertTrue(executor.isShutdown());
        assertTrue(executor.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> executor.execute(() -> { }));
    }
}

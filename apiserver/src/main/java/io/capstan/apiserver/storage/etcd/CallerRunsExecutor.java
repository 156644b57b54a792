package io.capstan.apiserver.storage.etcd;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An executor that runs each task in the thread that submits it. jetcd hands every request to its
 * executor only to start the gRPC call (its retry wrapper's asynchronous start), which returns at
 * once; with jetcd's default cached pool each request paid a hand-off to a pool thread and back,
 * about as much CPU as the call's own start on a 2-core machine. Tasks run after {@link #shutdown}
 * are refused, as by any executor.
 */
final class CallerRunsExecutor extends AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("executor shut down");
        }
        task.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    /** True once shut down: nothing is ever queued, so nothing is left running in it. */
    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}

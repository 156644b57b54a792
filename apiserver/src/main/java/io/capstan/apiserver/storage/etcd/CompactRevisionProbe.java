package io.capstan.apiserver.storage.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds etcd's compacted revision, which etcd reports only when it cancels a watch that starts too
 * early: so the probe watches a key that is never written from revision 1. Used only on the error
 * path, to fill in {@code CompactedException.compactedRevision()} for a range that hit compaction.
 */
final class CompactRevisionProbe {
    private static final Logger LOG = Logger.getLogger(CompactRevisionProbe.class.getName());
    private static final ByteSequence NEVER_WRITTEN = ByteSequence.from(new byte[] {0, 'c', 'o', 'm', 'p', 'a', 'c', 't'});

    private final Watch watchClient;
    private final Duration timeout;

    CompactRevisionProbe(Watch watchClient, Duration requestTimeout) {
        this.watchClient = watchClient;
        // A short wait: a compacted store cancels the probe at once; the answer is informational.
        this.timeout = requestTimeout.compareTo(Duration.ofSeconds(2)) < 0 ? requestTimeout : Duration.ofSeconds(2);
    }

    /** The compacted revision, or 0 when etcd did not say in time (e.g. nothing was compacted). */
    long compactedRevision() {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        Watch.Watcher watcher = watchClient.watch(NEVER_WRITTEN, WatchOption.builder().withRevision(1).build(),
                new Watch.Listener() {
                    @Override
                    public void onNext(WatchResponse response) {
                        // A response other than the cancellation means revision 1 is still available.
                        answer.complete(0L);
                    }

                    @Override
                    public void onError(Throwable error) {
                        answer.complete(EtcdErrors.compactedRevision(error));
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(0L);
                    }
                });
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return 0;
        } catch (ExecutionException e) {
            LOG.log(Level.FINE, "compaction probe failed", e);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            watcher.close();
        }
    }
}

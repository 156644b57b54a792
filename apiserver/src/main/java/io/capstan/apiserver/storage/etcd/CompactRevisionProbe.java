package io.capstan.apiserver.storage.etcd;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCreateRequest;

import java.time.Duration;
import java.util.List;
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
    private static final ByteString NEVER_WRITTEN = ByteString.copyFrom(new byte[] {0, 'c', 'o', 'm', 'p', 'a', 'c', 't'});

    private final EtcdChannel channel;
    private final Duration timeout;

    CompactRevisionProbe(EtcdChannel channel, Duration requestTimeout) {
        this.channel = channel;
        // A short wait: a compacted store cancels the probe at once; the answer is informational.
        this.timeout = requestTimeout.compareTo(Duration.ofSeconds(2)) < 0 ? requestTimeout : Duration.ofSeconds(2);
    }

    /** The compacted revision, or 0 when etcd did not say in time (e.g. nothing was compacted). */
    long compactedRevision() {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        EtcdWatchStream stream = EtcdWatchStream.open(channel,
                WatchCreateRequest.newBuilder().setKey(NEVER_WRITTEN).setStartRevision(1).build(),
                new EtcdWatchStream.Listener() {
                    // Any answer other than the cancellation means revision 1 is still available.
                    @Override
                    public void onCreated() {
                        answer.complete(0L);
                    }

                    @Override
                    public void onProgress(long revision) {
                        answer.complete(0L);
                    }

                    @Override
                    public void onEvents(List<Event> events) {
                        answer.complete(0L);
                    }

                    @Override
                    public void onCompacted(long compactRevision) {
                        answer.complete(compactRevision);
                    }

                    @Override
                    public void onEnded(Throwable error) {
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
            stream.close();
        }
    }
}

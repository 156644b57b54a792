package io.capstan.apiserver.storage.etcd;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.WatchCreateRequest;
import io.etcd.jetcd.api.WatchGrpc;
import io.etcd.jetcd.api.WatchProgressRequest;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

import java.util.List;

/**
 * One etcd watch on a gRPC stream of its own ({@code Watch/Watch}, one create request per stream),
 * with no retry or resumption: when the stream fails or ends, the {@link Listener} is told and the
 * owner decides what to do. Callbacks run on the channel's network thread, one at a time and in
 * the order etcd sent them; they must not block.
 */
final class EtcdWatchStream {
    private static final WatchRequest PROGRESS = WatchRequest.newBuilder()
            .setProgressRequest(WatchProgressRequest.getDefaultInstance()).build();

    /** What a watch stream reports. At most one of the terminal callbacks is called, once. */
    interface Listener {
        /** etcd accepted the watch. */
        void onCreated();

        /** A progress notification: etcd has sent every event up to this revision (see EtcdWatcher). */
        void onProgress(long revision);

        /** Changes, in revision order. */
        void onEvents(List<Event> events);

        /** Terminal: the start revision was compacted; etcd's compacted revision. */
        void onCompacted(long compactRevision);

        /** Terminal: the stream failed, or etcd cancelled the watch; null when it just ended. */
        void onEnded(Throwable error);
    }

    private final ClientCallStreamObserver<WatchRequest> requests;

    private EtcdWatchStream(ClientCallStreamObserver<WatchRequest> requests) {
        this.requests = requests;
    }

    /** Opens the stream and sends the create request; a stream that cannot start reports onEnded. */
    static EtcdWatchStream open(EtcdChannel channel, WatchCreateRequest create, Listener listener) {
        var requests = (ClientCallStreamObserver<WatchRequest>) ClientCalls.asyncBidiStreamingCall(
                channel.newStreamingCall(WatchGrpc.getWatchMethod()), new Responses(listener));
        EtcdWatchStream stream = new EtcdWatchStream(requests);
        stream.send(WatchRequest.newBuilder().setCreateRequest(create).build());
        return stream;
    }

    /** Asks etcd for a progress notification (answered with {@link Listener#onProgress}). */
    void requestProgress() {
        send(PROGRESS);
    }

    /** Cancels the stream; callbacks may still arrive from before, then onEnded with CANCELLED. */
    synchronized void close() {
        requests.cancel("watch closed", null);
    }

    private synchronized void send(WatchRequest request) {
        try {
            requests.onNext(request);
        } catch (IllegalStateException e) {
            // Already cancelled or completed: the listener hears about that through onEnded.
        }
    }

    /** Turns etcd's responses into listener calls. */
    private static final class Responses implements StreamObserver<WatchResponse> {
        private final Listener listener;
        private boolean ended;

        Responses(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onNext(WatchResponse response) {
            if (ended) {
                return;
            }
            if (response.getCanceled()) {
                ended = true;
                if (response.getCompactRevision() != 0) {
                    listener.onCompacted(response.getCompactRevision());
                } else {
                    listener.onEnded(new IllegalStateException("etcd cancelled the watch"
                            + (response.getCancelReason().isEmpty() ? "" : ": " + response.getCancelReason())));
                }
                return;
            }
            if (response.getCreated()) {
                listener.onCreated();
                // etcd 3.4 sends events only in later responses, but the protocol allows them here.
                if (response.getEventsCount() > 0) {
                    listener.onEvents(response.getEventsList());
                }
                return;
            }
            if (response.getEventsCount() > 0) {
                listener.onEvents(response.getEventsList());
            } else if (response.getHeader().getRevision() != 0) {
                listener.onProgress(response.getHeader().getRevision());
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!ended) {
                ended = true;
                listener.onEnded(error);
            }
        }

        @Override
        public void onCompleted() {
            if (!ended) {
                ended = true;
                listener.onEnded(null);
            }
        }
    }
}

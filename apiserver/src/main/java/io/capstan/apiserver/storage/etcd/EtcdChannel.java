package io.capstan.apiserver.storage.etcd;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.netty.channel.ChannelOption;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One gRPC channel to the etcd members, for calls made straight on etcd's generated method
 * descriptors ({@code KVGrpc.getTxnMethod()}, {@code WatchGrpc.getWatchMethod()}), without jetcd's
 * per-call retry wrapper and thread hand-offs.
 *
 * <p>Contract of {@link #call}: it blocks the calling thread (a virtual thread, normally) for at
 * most the deadline, and the answer is decoded on that thread, not on the netty event loop. While
 * no member is reachable the call waits for one (gRPC's wait-for-ready) until the deadline. A call
 * marked idempotent is sent again when the connection broke under it, within the same deadline;
 * a write is never sent twice, since etcd might have applied it. Failures come out as gRPC's
 * {@link StatusRuntimeException}; {@link EtcdErrors} classifies them.
 */
final class EtcdChannel implements AutoCloseable {
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ManagedChannel channel;
    private final long timeoutNanos;

    /**
     * Builds the channel; it connects on the first call and reconnects with gRPC's backoff.
     *
     * @param timeout the deadline of every call
     */
    @SuppressWarnings("deprecation") // nameResolverFactory: gRPC has no per-channel resolver registry instead
    EtcdChannel(EtcdEndpoints endpoints, Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        ChannelCredentials credentials = endpoints.tls() ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
        this.channel = NettyChannelBuilder.forTarget(EtcdAddressResolver.target(), credentials)
                .nameResolverFactory(EtcdAddressResolver.factory(endpoints))
                .defaultLoadBalancingPolicy("pick_first")
                // Blocking calls run their callbacks on the caller; nothing else needs the channel's executor.
                .directExecutor()
                // A range may return many values of up to 1.5 MiB each; gRPC's 4 MiB default is too small.
                .maxInboundMessageSize(Integer.MAX_VALUE)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .build();
    }

    /**
     * Makes one unary call and waits for its answer.
     *
     * @param idempotent true for reads, which may be sent again after a broken connection
     * @throws StatusRuntimeException etcd's or gRPC's failure; DEADLINE_EXCEEDED past the timeout
     */
    <Q, R> R call(MethodDescriptor<Q, R> method, Q request, boolean idempotent) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw Status.DEADLINE_EXCEEDED.withDescription("no answer within the request timeout").asRuntimeException();
            }
            CallOptions options = CallOptions.DEFAULT.withWaitForReady().withDeadlineAfter(left, TimeUnit.NANOSECONDS);
            try {
                return ClientCalls.blockingUnaryCall(channel, method, options, request);
            } catch (StatusRuntimeException e) {
                if (!idempotent || e.getStatus().getCode() != Status.Code.UNAVAILABLE
                        || deadline - System.nanoTime() <= RETRY_PAUSE_NANOS || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LockSupport.parkNanos(RETRY_PAUSE_NANOS);
            }
        }
    }

    /**
     * A call for a long-lived stream: no deadline, waits for a member to be reachable; its callbacks
     * run on the channel's network thread.
     */
    <Q, R> ClientCall<Q, R> newStreamingCall(MethodDescriptor<Q, R> method) {
        return channel.newCall(method, CallOptions.DEFAULT.withWaitForReady());
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}

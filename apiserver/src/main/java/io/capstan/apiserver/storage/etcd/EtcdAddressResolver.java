package io.capstan.apiserver.storage.etcd;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Gives a gRPC channel the fixed list of etcd members, one address group per member, so the load
 * balancing policy (pick_first, as jetcd) tries them in turn and moves on when one fails. Host
 * names are looked up again on every {@link #refresh()} (gRPC refreshes after a connection fails),
 * so a member whose address changed is found again; a name that does not resolve is left out,
 * and if none resolves the channel gets UNAVAILABLE and retries later.
 */
final class EtcdAddressResolver extends NameResolver {
    static final String SCHEME = "capstan-etcd";

    private final EtcdEndpoints endpoints;
    private final Executor resolveExecutor;
    private Listener2 listener;

    private EtcdAddressResolver(EtcdEndpoints endpoints, Executor resolveExecutor) {
        this.endpoints = endpoints;
        this.resolveExecutor = resolveExecutor;
    }

    /** A factory that answers every target of {@link #SCHEME} with these endpoints. */
    static NameResolver.Factory factory(EtcdEndpoints endpoints) {
        return new NameResolver.Factory() {
            @Override
            public NameResolver newNameResolver(URI targetUri, Args args) {
                if (!SCHEME.equals(targetUri.getScheme())) {
                    return null;
                }
                Executor executor = args.getOffloadExecutor() != null ? args.getOffloadExecutor() : Runnable::run;
                return new EtcdAddressResolver(endpoints, executor);
            }

            @Override
            public String getDefaultScheme() {
                return SCHEME;
            }
        };
    }

    /** The channel's target: any name works, the factory ignores it. */
    static String target() {
        return SCHEME + ":///etcd";
    }

    @Override
    public String getServiceAuthority() {
        return endpoints.members().getFirst().authority();
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        resolve();
    }

    @Override
    public void shutdown() {
    }

    private void resolve() {
        Listener2 target = listener;
        // A DNS lookup may block: not on the channel's synchronization context.
        resolveExecutor.execute(() -> {
            List<EquivalentAddressGroup> groups = new ArrayList<>();
            List<String> unresolved = new ArrayList<>();
            for (EtcdEndpoints.Member member : endpoints.members()) {
                InetSocketAddress address = new InetSocketAddress(member.host(), member.port());
                if (address.isUnresolved()) {
                    unresolved.add(member.host());
                    continue;
                }
                // Each member is addressed (and, over TLS, verified) by its own name.
                groups.add(new EquivalentAddressGroup(address, Attributes.newBuilder()
                        .set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, member.authority()).build()));
            }
            if (groups.isEmpty()) {
                target.onError(Status.UNAVAILABLE.withDescription("cannot resolve etcd hosts " + unresolved));
                return;
            }
            target.onResult(ResolutionResult.newBuilder()
                    .setAddressesOrError(StatusOr.fromValue(groups))
                    .build());
        });
    }
}

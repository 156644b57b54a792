package io.capstan.e2e;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import java.nio.charset.StandardCharsets;

/** {@link WriteBenchmark} on etcd, against raw jetcd puts to the same etcd. */
@ControlPlane(storage = StorageBackend.ETCD)
class EtcdWriteBenchmark extends WriteBenchmark {
    /** Distinct keys of the raw puts. */
    private static final long RAW_KEYS = 100_000;
    private Client client;

    @Override
    LoadRun.Op rawCreate(LocalControlPlane plane) {
        client = Client.builder().endpoints(plane.etcdUrl().toString()).build();
        return seq -> {
            // Puts overwrite a bounded set of keys (new revisions, compacted by the API server every 5
            // minutes), so that millions of puts do not fill etcd's quota; a put costs etcd the same.
            String key = "/raw/configmaps/raw/r" + seq % RAW_KEYS;
            client.getKVClient().put(ByteSequence.from(key, StandardCharsets.UTF_8), ByteSequence.from(rawValue("r" + seq))).get();
        };
    }

    @Override
    LoadRun.Op rawConditionalCreate(LocalControlPlane plane) {
        return seq -> {
            ByteSequence key = ByteSequence.from("/raw/configmaps/raw/t" + seq, StandardCharsets.UTF_8);
            client.getKVClient().txn()
                    .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                    .Then(Op.put(key, ByteSequence.from(rawValue("t" + seq)), PutOption.DEFAULT))
                    .commit().get();
        };
    }

    @Override
    java.util.List<String> measuredProcesses() {
        return java.util.List.of("apiserver", "etcd", "controller-manager");
    }

    @Override
    void closeRaw() {
        if (client != null) {
            client.close();
        }
    }
}

package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API chunking conformance tests on a real etcd, compacting every 10 s. */
@ControlPlane(storage = StorageBackend.ETCD, apiserverArgs = ChunkingConformance.COMPACTION_INTERVAL)
class ChunkingConformanceEtcdIT extends ChunkingConformance {
}

package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API chunking conformance tests on the embedded SQLite storage, compacting every 10 s. */
@ControlPlane(storage = StorageBackend.SQLITE, apiserverArgs = ChunkingConformance.COMPACTION_INTERVAL)
class ChunkingConformanceSqliteIT extends ChunkingConformance {
}

package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API-only sig-node and sig-scheduling conformance tests on the embedded SQLite storage. */
@ControlPlane(storage = StorageBackend.SQLITE)
class NodeApiConformanceSqliteIT extends NodeApiConformance {
}

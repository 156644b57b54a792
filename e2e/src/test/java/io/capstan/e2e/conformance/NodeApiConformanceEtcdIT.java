package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API-only sig-node and sig-scheduling conformance tests on a real etcd. */
@ControlPlane(storage = StorageBackend.ETCD)
class NodeApiConformanceEtcdIT extends NodeApiConformance {
}

package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's PodTemplates, Lease and Events conformance tests on a real etcd. */
@ControlPlane(storage = StorageBackend.ETCD)
class ApiOpsConformanceEtcdIT extends ApiOpsConformance {
}

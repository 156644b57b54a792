package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API-only sig-network conformance tests (EndpointSlice, Ingress, IngressClass, Services) on a real etcd. */
@ControlPlane(storage = StorageBackend.ETCD)
class NetworkApiConformanceEtcdIT extends NetworkApiConformance {
}

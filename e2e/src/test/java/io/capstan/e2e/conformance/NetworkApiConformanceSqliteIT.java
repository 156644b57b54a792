package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API-only sig-network conformance tests (EndpointSlice, Ingress, IngressClass, Services) on the embedded SQLite storage. */
@ControlPlane(storage = StorageBackend.SQLITE)
class NetworkApiConformanceSqliteIT extends NetworkApiConformance {
}

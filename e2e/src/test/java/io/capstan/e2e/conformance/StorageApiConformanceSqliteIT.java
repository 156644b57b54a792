package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API-only sig-storage conformance tests on the embedded SQLite storage. */
@ControlPlane(storage = StorageBackend.SQLITE)
class StorageApiConformanceSqliteIT extends StorageApiConformance {
}

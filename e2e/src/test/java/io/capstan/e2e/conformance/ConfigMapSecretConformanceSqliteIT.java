package io.capstan.e2e.conformance;

import io.capstan.e2e.ControlPlane;
import io.capstan.e2e.StorageBackend;

/** Upstream's API-only ConfigMap and Secret conformance tests on the embedded SQLite storage. */
@ControlPlane(storage = StorageBackend.SQLITE)
class ConfigMapSecretConformanceSqliteIT extends ConfigMapSecretConformance {
}

package io.capstan.e2e;

/** {@link ApiServerCrashScenario} on etcd. */
@ControlPlane(storage = StorageBackend.ETCD)
class ApiServerCrashEtcdIT extends ApiServerCrashScenario {
}

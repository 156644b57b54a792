package io.capstan.e2e;

/** The smoke scenarios on a real etcd, as production runs. */
@ControlPlane(storage = StorageBackend.ETCD)
class EtcdSmokeIT extends SmokeScenarios {
}

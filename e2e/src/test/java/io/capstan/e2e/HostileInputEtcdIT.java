package io.capstan.e2e;

/** {@link HostileInputIT} on etcd: the same requests and answers, and etcd's stored objects unchanged. */
@ControlPlane(storage = StorageBackend.ETCD)
class HostileInputEtcdIT extends HostileInputIT {
}

package io.capstan.e2e;

/** Where the API server under test keeps its objects. */
public enum StorageBackend {
    /** Embedded SQLite in the test's data directory; no other process. */
    SQLITE,
    /** A real etcd process on free ports, found on PATH. */
    ETCD
}

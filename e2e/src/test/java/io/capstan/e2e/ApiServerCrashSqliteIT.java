package io.capstan.e2e;

/** {@link ApiServerCrashScenario} on the embedded SQLite storage: the database file must hold every acknowledged write. */
@ControlPlane(storage = StorageBackend.SQLITE)
class ApiServerCrashSqliteIT extends ApiServerCrashScenario {
}

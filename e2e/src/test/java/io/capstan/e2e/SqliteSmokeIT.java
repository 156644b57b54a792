package io.capstan.e2e;

/** The smoke scenarios on the embedded SQLite storage, as {@code ./capstan up} runs by default. */
@ControlPlane(storage = StorageBackend.SQLITE)
class SqliteSmokeIT extends SmokeScenarios {
}

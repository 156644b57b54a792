package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.StorageException;
import io.capstan.apiserver.storage.StorageUnavailableException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** Maps SQLite failures to storage exceptions. */
final class SqlErrors {

    private SqlErrors() {
    }

    static StorageException map(String what, SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            // BUSY/LOCKED mean "try again later" (another process holds the file), the API server's 503.
            if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                    || code.name().startsWith("SQLITE_BUSY_") || code.name().startsWith("SQLITE_LOCKED_")) {
                return new StorageUnavailableException("sqlite " + what + ": database is busy", e);
            }
        }
        return new StorageException("sqlite " + what + " failed: " + e.getMessage(), e);
    }

    static StorageUnavailableException closed() {
        return new StorageUnavailableException("sqlite storage is closed", null);
    }
}

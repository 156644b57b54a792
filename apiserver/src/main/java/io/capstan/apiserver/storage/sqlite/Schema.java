package io.capstan.apiserver.storage.sqlite;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * Opens connections with the right pragmas and creates the tables.
 *
 * <p>The design is kine's (k3s): {@code kv} is an append-only log, one row per write, whose
 * AUTOINCREMENT id is the revision. AUTOINCREMENT (not plain rowid) matters: compaction deletes rows,
 * possibly the newest one, and a plain rowid would then hand out a revision again. {@code meta}
 * holds the compacted revision and how far compaction has physically progressed.
 */
final class Schema {
    private static final Logger LOG = Logger.getLogger(Schema.class.getName());

    /** Reads and watches below this revision fail with CompactedException. */
    static final String COMPACT_REVISION = "compact_revision";
    /** Rows up to this revision have been compacted physically; the rest is still to do. */
    static final String COMPACT_CURSOR = "compact_cursor";

    private static final String[] DDL = {
        """
        CREATE TABLE IF NOT EXISTS kv (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            name            BLOB    NOT NULL,
            created         INTEGER NOT NULL,
            deleted         INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision   INTEGER NOT NULL,
            value           BLOB,
            old_value       BLOB
        )""",
        // Names are BLOBs of UTF-8 so that SQLite's memcmp order is etcd's byte order and a prefix
        // becomes a byte range; (name, id) serves "latest row of a key" and range scans in key order.
        "CREATE INDEX IF NOT EXISTS kv_name_id ON kv (name, id)",
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT OR IGNORE INTO meta (name, value) VALUES ('" + COMPACT_REVISION + "', 0), ('" + COMPACT_CURSOR + "', 0)",
    };

    private Schema() {
    }

    /** Opens a connection in WAL mode with the configured durability. */
    static Connection open(Path file, SqliteOptions options) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(options.synchronous() == SqliteOptions.Synchronous.FULL
                ? SQLiteConfig.SynchronousMode.FULL
                : SQLiteConfig.SynchronousMode.NORMAL);
        // Only one in-process writer exists, so waits are rare (checkpoints, a second process
        // looking at the file); a bounded wait turns them into errors instead of hangs.
        config.setBusyTimeout(10_000);
        return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Creates the tables if missing and checks that WAL mode took effect. */
    static void create(Connection writer) throws SQLException {
        try (Statement st = writer.createStatement()) {
            for (String sql : DDL) {
                st.execute(sql);
            }
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                String mode = rs.next() ? rs.getString(1) : "?";
                if (!"wal".equalsIgnoreCase(mode)) {
                    LOG.warning("SQLite journal mode is " + mode + ", not WAL; readers will block the writer");
                }
            }
        }
    }
}

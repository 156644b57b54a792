package io.capstan.apiserver.storage.sqlite;

import io.capstan.apiserver.storage.support.Keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the log table, one method per statement. */
final class Queries {
    private static final String COLUMNS = "id, name, created, deleted, create_revision, prev_revision, value, old_value";
    private static final byte[] EMPTY = new byte[0];

    /** A page of history rows, and whether the page stopped before the requested end. */
    record Page(List<Row> rows, boolean more) {
    }

    private Queries() {
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Runs work in one transaction: committed if it returns, rolled back if it throws.
     *
     * @param begin "BEGIN" for a read snapshot, "BEGIN IMMEDIATE" for a write
     */
    static <T> T transaction(Connection c, String begin, SqlFunction<T> work) throws SQLException {
        exec(c, begin);
        try {
            T result = work.apply(c);
            exec(c, "COMMIT");
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                exec(c, "ROLLBACK");
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /** The newest row of a key (possibly a deletion), or null when the key has no rows. */
    static Row latest(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM kv WHERE name = ? ORDER BY id DESC LIMIT 1")) {
            ps.setBytes(1, Keys.utf8(key));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row(rs) : null;
            }
        }
    }

    static void insert(Connection c, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO kv (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            // The id is given explicitly (the writer lock makes "current revision + 1" exact) so that a
            // created row can carry its own id as create_revision in a single statement.
            ps.setLong(1, row.id());
            ps.setBytes(2, Keys.utf8(row.key()));
            ps.setInt(3, row.created() ? 1 : 0);
            ps.setInt(4, row.deleted() ? 1 : 0);
            ps.setLong(5, row.createRevision());
            ps.setLong(6, row.prevRevision());
            ps.setBytes(7, row.value());
            ps.setBytes(8, row.oldValue());
            ps.executeUpdate();
        }
    }

    /**
     * The live keys in {@code [from, end)} as of {@code revision}, in key order: for each key its
     * newest row at or below the revision, unless that row is a deletion.
     *
     * @param end   exclusive end, or null for no end
     * @param limit at most this many rows, or 0 for all
     */
    static List<Row> range(Connection c, byte[] from, byte[] end, long revision, int limit) throws SQLException {
        // Walking the (name, id) index in order with a NOT EXISTS probe per row lets SQLite stop after
        // `limit` keys; a GROUP BY name formulation would materialise the whole range first.
        String sql = "SELECT id, name, created, deleted, create_revision, prev_revision, value, NULL FROM kv k"
                + liveKeys(end) + " ORDER BY k.name" + (limit > 0 ? " LIMIT ?" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bindLiveKeys(ps, from, end, revision);
            if (limit > 0) {
                ps.setInt(i, limit);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    /** How many live keys {@link #range} would return for {@code [from, end)} at {@code revision}, without reading their values. */
    static long count(Connection c, byte[] from, byte[] end, long revision) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM kv k" + liveKeys(end))) {
            bindLiveKeys(ps, from, end, revision);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The WHERE clause of the rows of {@code kv k} that are a key's newest at a revision, and not deletions. */
    private static String liveKeys(byte[] end) {
        return " WHERE k.name >= ?" + (end == null ? "" : " AND k.name < ?")
                + " AND k.id <= ? AND k.deleted = 0"
                + " AND NOT EXISTS (SELECT 1 FROM kv n WHERE n.name = k.name AND n.id > k.id AND n.id <= ?)";
    }

    /** Binds {@link #liveKeys}'s parameters; returns the index of the next one. */
    private static int bindLiveKeys(PreparedStatement ps, byte[] from, byte[] end, long revision) throws SQLException {
        int i = 1;
        ps.setBytes(i++, from);
        if (end != null) {
            ps.setBytes(i++, end);
        }
        ps.setLong(i++, revision);
        ps.setLong(i++, revision);
        return i;
    }

    /**
     * Rows with {@code after < id <= upTo} whose name is in {@code [from, end)}, in revision order,
     * stopping after {@code maxRows} rows or once {@code maxBytes} of values were read (big values
     * would otherwise make a page arbitrarily large).
     */
    static Page history(Connection c, long after, long upTo, byte[] from, byte[] end, int maxRows, long maxBytes)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM kv WHERE id > ? AND id <= ?"
                // Unary + keeps SQLite on the id (primary key) range: a page then costs what it scans and
                // stops early, instead of sorting every history row of the prefix by id first.
                + (from.length == 0 ? "" : " AND +name >= ?") + (end == null ? "" : " AND +name < ?")
                + " ORDER BY id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, after);
            ps.setLong(i++, upTo);
            if (from.length != 0) {
                ps.setBytes(i++, from);
            }
            if (end != null) {
                ps.setBytes(i, end);
            }
            List<Row> rows = new ArrayList<>();
            long bytes = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row row = row(rs);
                    rows.add(row);
                    bytes += row.value().length + (row.oldValue() == null ? 0 : row.oldValue().length);
                    if (rows.size() >= maxRows || bytes >= maxBytes) {
                        return new Page(rows, rs.next());
                    }
                }
            }
            return new Page(rows, false);
        }
    }

    /**
     * Deletes what compaction may drop among the revisions {@code (after, upTo]}: every row those
     * revisions superseded (their prev_revision), and the deletion rows themselves. Both happen in
     * the caller's transaction, so no reader ever sees a key's old value once its tombstone is gone.
     *
     * @return rows deleted
     */
    static int compact(Connection c, long after, long upTo) throws SQLException {
        int deleted;
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > ? AND id <= ? AND prev_revision > 0)")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            deleted = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM kv WHERE id > ? AND id <= ? AND deleted = 1")) {
            ps.setLong(1, after);
            ps.setLong(2, upTo);
            deleted += ps.executeUpdate();
        }
        return deleted;
    }

    /** The highest revision ever handed out (survives deletion of the newest rows). */
    static long sequence(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'kv'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static long meta(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static void setMeta(Connection c, String name, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE meta SET value = ? WHERE name = ?")) {
            ps.setLong(1, value);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getLong(1),
                Keys.string(rs.getBytes(2)),
                rs.getInt(3) != 0,
                rs.getInt(4) != 0,
                rs.getLong(5),
                rs.getLong(6),
                orEmpty(rs.getBytes(7)),
                rs.getBytes(8));
    }

    // SQLite hands a zero-length BLOB back as NULL; values are never NULL in the API.
    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? EMPTY : bytes;
    }
}

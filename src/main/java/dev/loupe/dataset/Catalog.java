package dev.loupe.dataset;

import dev.loupe.imaging.ImageStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every file in a dataset's class folders with its label, size, dimensions, content hash and status, kept in
 * an SQLite database under {@code <dataset>/.loupe/}. Thread-safe (one connection, serialised access).
 */
public final class Catalog implements AutoCloseable {

    static final String DATABASE_FILE = "loupe.db";
    private static final int SCHEMA_VERSION = 1;

    private final DatasetLayout layout;
    private final Connection connection;

    private Catalog(DatasetLayout layout, Connection connection) {
        this.layout = layout;
        this.connection = connection;
    }

    /** Opens (creating if needed) the catalog of the dataset at {@code layout}. */
    public static Catalog open(DatasetLayout layout) {
        layout.requireDatasetFolder();
        Path state = layout.stateDir();
        try {
            Files.createDirectories(state);
        } catch (IOException e) {
            throw new DatasetException("Cannot create Loupe's state folder " + state
                    + " (is the dataset folder writable?): " + e.getMessage(), e);
        }
        Path file = state.resolve(DATABASE_FILE);
        try {
            Connection connection = Sqlite.open(file);
            Catalog catalog = new Catalog(layout, connection);
            catalog.migrate();
            return catalog;
        } catch (SQLException e) {
            throw new DatasetException("Cannot open the catalog " + file + ": " + e.getMessage(), e);
        }
    }

    public DatasetLayout layout() {
        return layout;
    }

    private void migrate() throws SQLException {
        try (Statement st = connection.createStatement()) {
            int version;
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new DatasetException("This dataset's catalog was written by a newer Loupe (schema " + version
                        + "); please upgrade Loupe.");
            }
            if (version < 1) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS images (
                          path   TEXT PRIMARY KEY,
                          label  TEXT NOT NULL,
                          size   INTEGER NOT NULL,
                          mtime  INTEGER NOT NULL,
                          sha256 TEXT,
                          width  INTEGER NOT NULL,
                          height INTEGER NOT NULL,
                          format TEXT,
                          status TEXT NOT NULL,
                          reason TEXT NOT NULL
                        )""");
                st.execute("CREATE INDEX IF NOT EXISTS images_sha256 ON images(sha256)");
                st.execute("CREATE INDEX IF NOT EXISTS images_label ON images(label)");
                st.execute("PRAGMA user_version=" + SCHEMA_VERSION);
            }
        }
    }

    /** All entries keyed by path. */
    public synchronized Map<String, CatalogEntry> loadAll() {
        Map<String, CatalogEntry> all = new HashMap<>();
        for (CatalogEntry e : query("SELECT * FROM images")) {
            all.put(e.path(), e);
        }
        return all;
    }

    /** All entries sorted by path. */
    public synchronized List<CatalogEntry> entries() {
        return query("SELECT * FROM images ORDER BY path");
    }

    /** Usable images (status ok) under one label, sorted by path. */
    public synchronized List<CatalogEntry> images(String label) {
        return query("SELECT * FROM images WHERE label = ? AND status = 'ok' ORDER BY path", label);
    }

    public synchronized Optional<CatalogEntry> find(String path) {
        return query("SELECT * FROM images WHERE path = ?", path).stream().findFirst();
    }

    /** Files that are catalogued but not usable, with their reasons, sorted by path. */
    public synchronized List<CatalogEntry> skipped() {
        return query("SELECT * FROM images WHERE status <> 'ok' ORDER BY path");
    }

    /** Number of usable images per label (classes and buckets), sorted by label. */
    public synchronized Map<String, Integer> countsByLabel() {
        Map<String, Integer> counts = new TreeMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT label, count(*) FROM images WHERE status = 'ok' GROUP BY label")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return counts;
    }

    /** How many usable images carry a reason starting with {@code prefix} (e.g. links read through). */
    public synchronized long usableWithReason(String prefix) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(*) FROM images WHERE status = 'ok' AND substr(reason, 1, ?) = ?")) {
            ps.setInt(1, prefix.length());
            ps.setString(2, prefix);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Groups of two or more usable images with identical bytes, conflicting groups first. */
    public synchronized List<DuplicateGroup> duplicates() {
        Map<String, List<String>> byHash = new TreeMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT sha256, path FROM images
                     WHERE status = 'ok' AND sha256 IN (
                       SELECT sha256 FROM images WHERE status = 'ok' GROUP BY sha256 HAVING count(*) > 1)
                     ORDER BY sha256, path""")) {
            while (rs.next()) {
                byHash.computeIfAbsent(rs.getString(1), h -> new ArrayList<>()).add(rs.getString(2));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        List<DuplicateGroup> groups = new ArrayList<>();
        byHash.forEach((hash, paths) -> groups.add(new DuplicateGroup(hash, List.copyOf(paths),
                paths.stream().map(DatasetLayout::labelOf).distinct().sorted().toList())));
        groups.sort((a, b) -> Boolean.compare(b.conflicting(), a.conflicting()));
        return groups;
    }

    /** Inserts or replaces entries in one transaction. */
    public synchronized void upsert(Collection<CatalogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement("""
                    INSERT OR REPLACE INTO images(path, label, size, mtime, sha256, width, height, format, status, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (CatalogEntry e : entries) {
                    ps.setString(1, e.path());
                    ps.setString(2, e.label());
                    ps.setLong(3, e.size());
                    ps.setLong(4, e.mtime());
                    ps.setString(5, e.sha256());
                    ps.setInt(6, e.width());
                    ps.setInt(7, e.height());
                    ps.setString(8, e.format());
                    ps.setString(9, e.status().code());
                    ps.setString(10, e.reason());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** Removes entries by path in one transaction. */
    public synchronized void delete(Collection<String> paths) {
        if (paths.isEmpty()) {
            return;
        }
        inTransaction(() -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM images WHERE path = ?")) {
                for (String path : paths) {
                    ps.setString(1, path);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /**
     * SQLite's change counter for this connection: it moves on whenever another connection (another Loupe
     * process) commits to the dataset's database, so a window can notice changes made from a terminal.
     */
    public synchronized long dataVersion() {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Work that reads or writes Loupe's dataset database inside one of the catalog's transactions. */
    @FunctionalInterface
    public interface Transaction {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction on this dataset's database, so that other records (the move
     * journal) change atomically with the catalog.
     */
    public synchronized void transaction(Transaction work) {
        inTransaction(() -> work.run(connection));
    }

    /** Within a {@link #transaction}: the file at {@code from} is now at {@code to} (same content). */
    public void relocate(Connection c, String from, String to) throws SQLException {
        try (PreparedStatement known = c.prepareStatement("SELECT 1 FROM images WHERE path = ?")) {
            known.setString(1, from);
            try (ResultSet rs = known.executeQuery()) {
                if (!rs.next()) {
                    return; // a scan already saw the file at its new place
                }
            }
        }
        try (PreparedStatement stale = c.prepareStatement("DELETE FROM images WHERE path = ?")) {
            stale.setString(1, to);
            stale.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE images SET path = ?, label = ? WHERE path = ?")) {
            ps.setString(1, to);
            ps.setString(2, DatasetLayout.labelOf(to));
            ps.setString(3, from);
            ps.executeUpdate();
        }
    }

    private void inTransaction(Sqlite.Work work) {
        try {
            Sqlite.inTransaction(connection, work);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private List<CatalogEntry> query(String sql, String... args) {
        List<CatalogEntry> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CatalogEntry(rs.getString("path"), rs.getString("label"), rs.getLong("size"),
                            rs.getLong("mtime"), rs.getString("sha256"), rs.getInt("width"), rs.getInt("height"),
                            rs.getString("format"), ImageStatus.fromCode(rs.getString("status")),
                            rs.getString("reason")));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    private DatasetException failure(SQLException e) {
        return Sqlite.failure("Catalog error in " + layout.stateDir().resolve(DATABASE_FILE), layout.stateDir(), e);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }
}

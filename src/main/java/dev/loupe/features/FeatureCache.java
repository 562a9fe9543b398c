package dev.loupe.features;

import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.Sqlite;
import dev.loupe.imaging.ModelInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Feature vectors of a dataset's images, keyed by content hash and backbone fingerprint, in
 * {@code <dataset>/.loupe/features.db}. Because the key is the content, moving or renaming an image never
 * makes Loupe compute its features again. A failure to read or decode an image is a fact about one moment
 * (the file may have been moving, or briefly unreadable), not about its content: it is recorded with the path,
 * size and modification time it happened at, for the record, and every run tries the image again.
 * Rows are stored under the backbone's fingerprint together with the JPEG decoder in use
 * ({@link ModelInput#jpegDecoder()}): the decoders give slightly different pixels, so features from one are
 * not mixed with features from the other. Thread-safe.
 */
public final class FeatureCache implements AutoCloseable {

    static final String FILE = "features.db";

    private final Connection connection;
    private final Path folder;

    private FeatureCache(Connection connection, Path folder) {
        this.connection = connection;
        this.folder = folder;
    }

    public static FeatureCache open(DatasetLayout layout) {
        return openIn(layout.stateDir());
    }

    /** A cache in another folder: benchmarks time a cold run there without touching the dataset's own cache. */
    public static FeatureCache openIn(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        try {
            Files.createDirectories(stateDir);
            Connection c = Sqlite.open(file);
            try (Statement st = c.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS features (
                          fingerprint TEXT NOT NULL,
                          sha256 TEXT NOT NULL,
                          vector BLOB,
                          failure TEXT,
                          PRIMARY KEY (fingerprint, sha256)
                        )""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS failures (
                          fingerprint TEXT NOT NULL,
                          path TEXT NOT NULL,
                          size INTEGER NOT NULL,
                          mtime INTEGER NOT NULL,
                          reason TEXT NOT NULL,
                          at TEXT NOT NULL,
                          PRIMARY KEY (fingerprint, path)
                        )""");
                // Loupe 0.1 stored failures under the content hash, for good: they are forgotten, so retried.
                st.execute("DELETE FROM features WHERE vector IS NULL");
            }
            return new FeatureCache(c, stateDir);
        } catch (SQLException | IOException e) {
            throw new DatasetException("Cannot open the feature cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** Hashes whose features this fingerprint has cached. */
    public synchronized Set<String> done(String fingerprint) {
        Set<String> hashes = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT sha256 FROM features WHERE fingerprint = ? AND vector IS NOT NULL")) {
            ps.setString(1, key(fingerprint));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return hashes;
    }

    /** All feature vectors for this fingerprint, by content hash. */
    public synchronized Map<String, float[]> vectors(String fingerprint) {
        Map<String, float[]> out = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT sha256, vector FROM features WHERE fingerprint = ? AND vector IS NOT NULL")) {
            ps.setString(1, key(fingerprint));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), decode(rs.getBytes(2)));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    /** One image that could not be read or decoded: where, in what state of the file, and why. */
    public record Failure(String path, long size, long mtime, String reason) {
    }

    /** The failures recorded by the last runs that tried these images, by catalog path. */
    public synchronized Map<String, Failure> failures(String fingerprint) {
        Map<String, Failure> out = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT path, size, mtime, reason FROM failures WHERE fingerprint = ?")) {
            ps.setString(1, key(fingerprint));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Failure(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    /**
     * Stores a batch in one transaction: vectors by content hash (and the images they came from, whose
     * earlier failures are then forgotten), failures by path.
     */
    public synchronized void put(String fingerprint, Map<String, float[]> vectors, Set<String> succeededPaths,
                                 List<Failure> failures) {
        String key = key(fingerprint);
        try {
            Sqlite.inTransaction(connection, () -> {
                insertVectors(key, vectors);
                try (PreparedStatement ps = connection.prepareStatement(
                        "DELETE FROM failures WHERE fingerprint = ? AND path = ?")) {
                    for (String path : succeededPaths) {
                        ps.setString(1, key);
                        ps.setString(2, path);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = connection.prepareStatement("INSERT OR REPLACE INTO failures(fingerprint, "
                        + "path, size, mtime, reason, at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    String now = java.time.Instant.now().toString();
                    for (Failure f : failures) {
                        ps.setString(1, key);
                        ps.setString(2, f.path());
                        ps.setLong(3, f.size());
                        ps.setLong(4, f.mtime());
                        ps.setString(5, f.reason());
                        ps.setString(6, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Stores vectors computed elsewhere (a cluster run) under their fingerprint and the JPEG decoder that made their
     * pixels there, in one transaction: they serve this machine when it decodes the same way.
     */
    public synchronized void putComputedElsewhere(String fingerprint, String jpegDecoder, Map<String, float[]> vectors) {
        String key = fingerprint + ";jpeg=" + jpegDecoder;
        try {
            Sqlite.inTransaction(connection, () -> {
                insertVectors(key, vectors);
            });
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void insertVectors(String key, Map<String, float[]> vectors) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT OR REPLACE INTO features(fingerprint, sha256, vector, failure) VALUES (?, ?, ?, NULL)")) {
            for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                ps.setString(1, key);
                ps.setString(2, e.getKey());
                ps.setBytes(3, encode(e.getValue()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The stored key: the backbone's fingerprint and the JPEG decoder that made the pixels. */
    private static String key(String fingerprint) {
        return fingerprint + ";jpeg=" + ModelInput.jpegDecoder();
    }

    static byte[] encode(float[] v) {
        ByteBuffer buffer = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(v);
        return buffer.array();
    }

    public static float[] decode(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private DatasetException failure(SQLException e) {
        return Sqlite.failure("Feature cache error", folder, e);
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

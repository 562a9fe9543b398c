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
import java.util.Map;
import java.util.Set;

/**
 * Feature vectors of a dataset's images, keyed by content hash and backbone fingerprint, in
 * {@code <dataset>/.loupe/features.db}. Because the key is the content, moving or renaming an image never
 * makes Loupe compute its features again; images that failed to decode are remembered with their reason.
 * Rows are stored under the backbone's fingerprint together with the JPEG decoder in use
 * ({@link ModelInput#jpegDecoder()}): the decoders give slightly different pixels, so features from one are
 * not mixed with features from the other. Thread-safe.
 */
public final class FeatureCache implements AutoCloseable {

    static final String FILE = "features.db";

    private final Connection connection;

    private FeatureCache(Connection connection) {
        this.connection = connection;
    }

    public static FeatureCache open(DatasetLayout layout) {
        Path file = layout.stateDir().resolve(FILE);
        try {
            Files.createDirectories(layout.stateDir());
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
            }
            return new FeatureCache(c);
        } catch (SQLException | IOException e) {
            throw new DatasetException("Cannot open the feature cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** Hashes already handled for this fingerprint: with features, or known to fail. */
    public synchronized Set<String> done(String fingerprint) {
        Set<String> hashes = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT sha256 FROM features WHERE fingerprint = ?")) {
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

    /** Images that could not be featurized, by content hash, with the reason. */
    public synchronized Map<String, String> failures(String fingerprint) {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT sha256, failure FROM features WHERE fingerprint = ? AND failure IS NOT NULL")) {
            ps.setString(1, key(fingerprint));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    /** Stores a batch of vectors and failures in one transaction. */
    public synchronized void put(String fingerprint, Map<String, float[]> vectors, Map<String, String> failures) {
        String key = key(fingerprint);
        try {
            Sqlite.inTransaction(connection, () -> {
                try (PreparedStatement ps = connection.prepareStatement(
                        "INSERT OR REPLACE INTO features(fingerprint, sha256, vector, failure) VALUES (?, ?, ?, ?)")) {
                    for (Map.Entry<String, float[]> e : vectors.entrySet()) {
                        ps.setString(1, key);
                        ps.setString(2, e.getKey());
                        ps.setBytes(3, encode(e.getValue()));
                        ps.setString(4, null);
                        ps.addBatch();
                    }
                    for (Map.Entry<String, String> e : failures.entrySet()) {
                        ps.setString(1, key);
                        ps.setString(2, e.getKey());
                        ps.setBytes(3, null);
                        ps.setString(4, e.getValue());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            });
        } catch (SQLException e) {
            throw failure(e);
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

    static float[] decode(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static DatasetException failure(SQLException e) {
        return new DatasetException("Feature cache error: " + e.getMessage(), e);
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

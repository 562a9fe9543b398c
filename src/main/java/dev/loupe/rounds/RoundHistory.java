package dev.loupe.rounds;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rounds of a dataset, kept in its database, with each round's labels and predictions per image. */
public final class RoundHistory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalog catalog;

    public RoundHistory(Catalog catalog) {
        this.catalog = catalog;
        catalog.transaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS rounds (
                          round INTEGER PRIMARY KEY, at TEXT NOT NULL, backbone TEXT NOT NULL, mode TEXT NOT NULL,
                          images INTEGER NOT NULL, labels_changed INTEGER NOT NULL, val_acc REAL, test_acc REAL,
                          model_bytes INTEGER NOT NULL, seconds REAL NOT NULL, config TEXT NOT NULL,
                          metrics TEXT NOT NULL)""");
                st.execute("""
                        CREATE TABLE IF NOT EXISTS round_images (
                          round INTEGER NOT NULL, sha256 TEXT NOT NULL, label TEXT NOT NULL, predicted TEXT NOT NULL,
                          part TEXT NOT NULL, p_label REAL, PRIMARY KEY (round, sha256))""");
            }
        });
    }

    /** Where round {@code n}'s model bundle lives. */
    public static Path bundleDir(DatasetLayout layout, int round) {
        return layout.stateDir().resolve("rounds").resolve(String.valueOf(round)).resolve("model");
    }

    /**
     * The latest round's model's probability for each image's label at that round, by content hash; the
     * export manifest reports it for images whose label has not changed since.
     */
    public Map<String, Double> latestProbabilities() {
        int round = latest();
        Map<String, Double> out = new HashMap<>();
        if (round > 0) {
            images(round).forEach((sha, state) -> {
                if (!Double.isNaN(state.pLabel())) {
                    out.put(sha + "\u0000" + state.label(), state.pLabel());
                }
            });
        }
        return out;
    }

    /** The latest round's number, 0 before the first round. */
    public int latest() {
        return nextRound() - 1;
    }

    public int nextRound() {
        return rounds().stream().mapToInt(RoundRecord::round).max().orElse(0) + 1;
    }

    /** Per image (content hash): label, prediction and split part in {@code round}. */
    /** {@code pLabel}: the round's model's probability for {@code label} (NaN when unknown). */
    public record ImageState(String label, String predicted, String part, double pLabel) {
    }

    public Map<String, ImageState> images(int round) {
        Map<String, ImageState> out = new HashMap<>();
        catalog.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT sha256, label, predicted, part, p_label FROM round_images WHERE round = ?")) {
                ps.setInt(1, round);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double p = rs.getDouble(5);
                        out.put(rs.getString(1), new ImageState(rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.wasNull() ? Double.NaN : p));
                    }
                }
            }
        });
        return out;
    }

    void save(RoundRecord record, RoundMetrics metrics, Map<String, ImageState> images) {
        String metricsJson;
        try {
            metricsJson = JSON.writeValueAsString(metrics);
        } catch (IOException e) {
            throw new DatasetException("Cannot record round metrics: " + e.getMessage(), e);
        }
        catalog.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rounds VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, record.round());
                ps.setString(2, record.at().toString());
                ps.setString(3, record.backbone());
                ps.setString(4, record.mode());
                ps.setInt(5, record.images());
                ps.setInt(6, record.labelsChanged());
                ps.setDouble(7, record.validationAccuracy());
                ps.setDouble(8, record.testAccuracy());
                ps.setLong(9, record.modelBytes());
                ps.setDouble(10, record.seconds());
                ps.setString(11, record.config());
                ps.setString(12, metricsJson);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO round_images VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, ImageState> e : images.entrySet()) {
                    ps.setInt(1, record.round());
                    ps.setString(2, e.getKey());
                    ps.setString(3, e.getValue().label());
                    ps.setString(4, e.getValue().predicted());
                    ps.setString(5, e.getValue().part());
                    if (Double.isNaN(e.getValue().pLabel())) {
                        ps.setNull(6, java.sql.Types.REAL);
                    } else {
                        ps.setDouble(6, e.getValue().pLabel());
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    public List<RoundRecord> rounds() {
        List<RoundRecord> out = new ArrayList<>();
        catalog.transaction(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT round, at, backbone, mode, images, labels_changed, val_acc, "
                         + "test_acc, model_bytes, seconds, config FROM rounds ORDER BY round")) {
                while (rs.next()) {
                    out.add(new RoundRecord(rs.getInt(1), Instant.parse(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getDouble(7), rs.getDouble(8),
                            rs.getLong(9), rs.getDouble(10), rs.getString(11)));
                }
            }
        });
        return out;
    }

    public Optional<RoundMetrics> metrics(int round) {
        List<String> json = new ArrayList<>();
        catalog.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT metrics FROM rounds WHERE round = ?")) {
                ps.setInt(1, round);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        json.add(rs.getString(1));
                    }
                }
            }
        });
        if (json.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json.get(0), RoundMetrics.class));
        } catch (IOException e) {
            throw new DatasetException("Cannot read round " + round + "'s metrics: " + e.getMessage(), e);
        }
    }

    /** Labels changed, predictions flipped and the confusion-matrix delta from round {@code a} to {@code b}. */
    public RoundDiff diff(int a, int b, Map<String, Integer> movesPerImage) {
        Map<String, ImageState> before = images(a);
        Map<String, ImageState> after = images(b);
        Map<String, String> pathOf = new HashMap<>();
        for (CatalogEntry e : catalog.entries()) {
            if (e.sha256() != null) {
                pathOf.putIfAbsent(e.sha256(), e.path());
            }
        }
        List<RoundDiff.Change> relabelled = new ArrayList<>();
        List<RoundDiff.Change> flipped = new ArrayList<>();
        for (Map.Entry<String, ImageState> e : after.entrySet()) {
            ImageState old = before.get(e.getKey());
            if (old == null) {
                continue;
            }
            String path = pathOf.getOrDefault(e.getKey(), e.getKey());
            if (!old.label().equals(e.getValue().label())) {
                relabelled.add(new RoundDiff.Change(path, old.label(), e.getValue().label()));
            }
            if (!old.predicted().equals(e.getValue().predicted())) {
                flipped.add(new RoundDiff.Change(path, old.predicted(), e.getValue().predicted()));
            }
        }
        relabelled.sort((x, y) -> x.path().compareTo(y.path()));
        flipped.sort((x, y) -> x.path().compareTo(y.path()));
        RoundMetrics ma = metrics(a).orElseThrow(() -> new DatasetException("No round " + a));
        RoundMetrics mb = metrics(b).orElseThrow(() -> new DatasetException("No round " + b));
        int k = mb.classes().size();
        long[][] delta = new long[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                long old = i < ma.confusion().length && j < ma.confusion()[i].length ? ma.confusion()[i][j] : 0;
                delta[i][j] = mb.confusion()[i][j] - old;
            }
        }
        List<String> backAndForth = movesPerImage.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> pathOf.getOrDefault(e.getKey(), e.getKey())).sorted().toList();
        return new RoundDiff(a, b, relabelled, flipped, delta, backAndForth);
    }
}

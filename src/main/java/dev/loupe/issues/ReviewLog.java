package dev.loupe.issues;

import dev.loupe.dataset.Catalog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the reviewer decided about suspects: kept (the label was right) or moved. Kept in the dataset's
 * database so the queue's running precision (moved ÷ reviewed) survives restarts. Keyed by content hash,
 * so a decision follows the image when it moves.
 */
public final class ReviewLog {

    public static final String KEPT = "kept";
    public static final String MOVED = "moved";

    /** Running totals; {@code recentPrecision} is over the last 20 decisions (NaN before any). */
    public record Stats(int reviewed, int moved, int kept, double precision, double recentPrecision) {
        /** After enough decisions, most of the recent suspects were false alarms. */
        public boolean mostlyFalseAlarms() {
            return reviewed >= 20 && recentPrecision < 0.2;
        }
    }

    private final Catalog catalog;
    private final Clock clock;

    public ReviewLog(Catalog catalog) {
        this(catalog, Clock.systemUTC());
    }

    public ReviewLog(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
        catalog.transaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS reviews (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "sha256 TEXT NOT NULL UNIQUE, decision TEXT NOT NULL, at TEXT NOT NULL)");
            }
        });
    }

    /** Records a decision for each image (the latest decision about an image replaces earlier ones). */
    public void record(List<String> sha256s, String decision) {
        catalog.transaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM reviews WHERE sha256 = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO reviews(sha256, decision, at) VALUES (?, ?, ?)")) {
                for (String sha : sha256s) {
                    del.setString(1, sha);
                    del.executeUpdate();
                    ins.setString(1, sha);
                    ins.setString(2, decision);
                    ins.setString(3, clock.instant().toString());
                    ins.executeUpdate();
                }
            }
        });
    }

    /** Forgets decisions (an undone move is no longer a decision). */
    public void forget(List<String> sha256s) {
        catalog.transaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM reviews WHERE sha256 = ?")) {
                for (String sha : sha256s) {
                    del.setString(1, sha);
                    del.executeUpdate();
                }
            }
        });
    }

    /** Content hash → decision. */
    public Map<String, String> decisions() {
        Map<String, String> out = new HashMap<>();
        catalog.transaction(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT sha256, decision FROM reviews")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        });
        return out;
    }

    public Stats stats() {
        List<String> ordered = new ArrayList<>();
        catalog.transaction(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT decision FROM reviews ORDER BY seq")) {
                while (rs.next()) {
                    ordered.add(rs.getString(1));
                }
            }
        });
        int moved = (int) ordered.stream().filter(MOVED::equals).count();
        int reviewed = ordered.size();
        List<String> recent = ordered.subList(Math.max(0, reviewed - 20), reviewed);
        double recentMoved = recent.stream().filter(MOVED::equals).count();
        return new Stats(reviewed, moved, reviewed - moved, reviewed == 0 ? Double.NaN : (double) moved / reviewed,
                recent.isEmpty() ? Double.NaN : recentMoved / recent.size());
    }
}

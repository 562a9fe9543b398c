package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetLayout;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the move journal records, read back: the actions, where images came from, how often they moved. */
final class JournalHistory {

    private final Catalog catalog;

    JournalHistory(Catalog catalog) {
        this.catalog = catalog;
    }

    /** Every action, newest first. */
    List<HistoryEntry> history() {
        List<HistoryEntry> out = new ArrayList<>();
        catalog.transaction(c -> {
            Map<Long, List<MoveResult.Moved>> moves = new LinkedHashMap<>();
            Map<Long, List<MoveResult.Failed>> failures = new LinkedHashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT op, from_path, to_path, state, reason FROM journal_steps "
                         + "ORDER BY op, seq")) {
                while (rs.next()) {
                    long op = rs.getLong(1);
                    if ("failed".equals(rs.getString(4))) {
                        failures.computeIfAbsent(op, k -> new ArrayList<>())
                                .add(new MoveResult.Failed(rs.getString(2), rs.getString(5)));
                    } else {
                        moves.computeIfAbsent(op, k -> new ArrayList<>())
                                .add(new MoveResult.Moved(rs.getString(2), rs.getString(3)));
                    }
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, kind, status, at, user, reason_kind, target "
                         + "FROM journal_ops ORDER BY id DESC")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String kind = rs.getString(2);
                    String reason = "move".equals(kind) ? rs.getString(6) : "of action " + rs.getLong(7);
                    out.add(new HistoryEntry(id, kind, rs.getString(3), Instant.parse(rs.getString(4)),
                            rs.getString(5), reason, moves.getOrDefault(id, List.of()),
                            failures.getOrDefault(id, List.of())));
                }
            }
        });
        return out;
    }

    /**
     * Where an image came from, by its current catalog path: its label before the first move that still stands,
     * and the last such move's time, user and round. Images never moved (or whose moves were all undone) are
     * absent, and so is an unmoved copy of a moved image (same content, another path).
     */

    Map<String, MoveJournal.Provenance> provenance() {
        Map<String, MoveJournal.Provenance> byPath = new LinkedHashMap<>();
        catalog.transaction(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT s.from_path, s.to_path, o.at, o.user, o.round "
                         + "FROM journal_steps s JOIN journal_ops o ON o.id = s.op "
                         + "WHERE o.kind = 'move' AND o.status = 'applied' AND s.state = 'done' "
                         + "ORDER BY o.id, s.seq")) {
                while (rs.next()) {
                    String from = rs.getString(1);
                    MoveJournal.Provenance earlier = byPath.remove(from);
                    String original = earlier != null ? earlier.originalLabel() : DatasetLayout.labelOf(from);
                    byPath.put(rs.getString(2), new MoveJournal.Provenance(original, Instant.parse(rs.getString(3)),
                            rs.getString(4), rs.getInt(5)));
                }
            }
        });
        return byPath;
    }

    /** How many standing moves each image (by content hash) has had: more than one means back and forth. */
    Map<String, Integer> moveCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        catalog.transaction(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT s.sha256, count(*) FROM journal_steps s "
                         + "JOIN journal_ops o ON o.id = s.op WHERE o.kind = 'move' AND o.status = 'applied' "
                         + "AND s.state = 'done' AND s.sha256 IS NOT NULL GROUP BY s.sha256")) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        });
        return out;
    }
}

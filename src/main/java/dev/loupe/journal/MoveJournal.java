package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.WriterLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every relabel as a durable, undoable command. A move is planned and written to the journal (in the
 * dataset's database, in one transaction with nothing else) before any file moves; each file is then moved
 * without ever replacing an existing file, and marked done in the same transaction that updates the catalog.
 * A process killed at any instant leaves each image exactly once on disk, and {@link #recover()} finishes
 * what was planned.
 *
 * <p>Undo and redo work any number of steps, across sessions, on whole actions (a multi-file move undoes as
 * one step). A new move discards what could have been redone. Not thread-safe: one caller at a time.
 */
public final class MoveJournal {

    private static final Logger LOG = LoggerFactory.getLogger(MoveJournal.class);

    private static final String PENDING = "pending";
    private static final String DONE = "done";
    private static final String FAILED = "failed";

    private final Catalog catalog;
    private final DatasetLayout layout;
    private final Clock clock;
    private final String user;
    private final JournalPaths pathRules;
    private final StepOnDisk disk;

    record Step(int seq, String from, String to, String sha256) {
    }

    public MoveJournal(Catalog catalog) {
        this(catalog, Clock.systemUTC(), System.getProperty("user.name", "unknown"));
    }

    public MoveJournal(Catalog catalog, Clock clock, String user) {
        this(catalog, clock, user, NoReplaceRename.STANDARD);
    }

    MoveJournal(Catalog catalog, Clock clock, String user, Renamer renamer) {
        this.pathRules = new JournalPaths(catalog);
        this.disk = new StepOnDisk(catalog.layout(), pathRules, renamer);
        this.catalog = catalog;
        this.layout = catalog.layout();
        this.clock = clock;
        this.user = user;
        JournalSchema.create(catalog);
    }

    // ------------------------------------------------------------------ actions

    /**
     * Moves catalogued files into {@code label}'s folder (a class, {@code _unsure} or {@code _excluded}) as one
     * undoable action. Files whose names are taken there get a readable new name ({@code a (2).jpg}).
     */
    public MoveResult move(List<String> paths, String label, MoveReason reason) {
        try (WriterLock.Held lock = WriterLock.acquire(layout)) {
            finishInterrupted();
            Planned planned = planMove(paths, label, reason);
            if (planned.op() == 0) {
                return new MoveResult(0, List.of(), planned.refused());
            }
            MoveResult result = execute(planned.op());
            List<MoveResult.Failed> failed = new ArrayList<>(planned.refused());
            failed.addAll(result.failed());
            return new MoveResult(planned.op(), result.moved(), failed);
        }
    }

    /** A planned (journaled, not yet executed) move, and the paths refused while planning. */
    record Planned(long op, List<MoveResult.Failed> refused) {
    }

    /** Journals a move without carrying it out: what a crash right after planning leaves. */
    Planned planMove(List<String> paths, String label, MoveReason reason) {
        try (WriterLock.Held lock = WriterLock.acquire(layout)) {
            return planMoveLocked(paths, label, reason);
        }
    }

    private Planned planMoveLocked(List<String> paths, String label, MoveReason reason) {
        pathRules.checkedTargetFolder(label);
        List<MoveResult.Failed> refused = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (String raw : paths) {
            String path;
            try {
                path = pathRules.checkedPath(raw);
            } catch (DatasetException e) {
                refused.add(new MoveResult.Failed(raw, e.getMessage()));
                continue;
            }
            Optional<CatalogEntry> entry = catalog.find(path);
            if (entry.isEmpty()) {
                refused.add(new MoveResult.Failed(path, "not in the catalog (run 'loupe index' first)"));
            } else if (DatasetLayout.labelOf(path).equals(label)) {
                refused.add(new MoveResult.Failed(path, "already in " + label));
            } else if (!Files.exists(layout.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                refused.add(new MoveResult.Failed(path, "no longer on disk (moved or deleted by another program)"));
            } else if (pathRules.linkOnTheWay(path) != null) {
                refused.add(new MoveResult.Failed(path, pathRules.linkOnTheWay(path)));
            } else {
                String name = path.substring(path.lastIndexOf('/') + 1);
                String to = pathRules.freeAt(label + "/" + name, planned);
                planned.add(to);
                steps.add(new Step(steps.size(), path, to, entry.get().sha256()));
            }
        }
        if (steps.isEmpty()) {
            return new Planned(0, refused);
        }
        return new Planned(plan("move", null, reason, steps, MoveJournal::discardRedo), refused);
    }

    /** Undoes the most recent action that is still applied; empty when there is nothing to undo. */
    public Optional<MoveResult> undo() {
        try (WriterLock.Held lock = WriterLock.acquire(layout)) {
            finishInterrupted();
            return undoLocked();
        }
    }

    private Optional<MoveResult> undoLocked() {
        Optional<Long> target = latest("SELECT id FROM journal_ops WHERE kind = 'move' AND status = 'applied' "
                + "AND state = 'done' ORDER BY id DESC LIMIT 1");
        if (target.isEmpty()) {
            return Optional.empty();
        }
        List<Step> forward = doneSteps(target.get());
        List<Step> back = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (int i = forward.size() - 1; i >= 0; i--) {
            Step s = forward.get(i);
            String to = pathRules.freeAt(s.from(), planned);
            planned.add(to);
            back.add(new Step(back.size(), s.to(), to, s.sha256()));
        }
        long op = plan("undo", target.get(), null, back, c -> {
            update(c, "UPDATE journal_ops SET status = 'undone', undo_seq = "
                    + "(SELECT coalesce(max(undo_seq), 0) + 1 FROM journal_ops) WHERE id = ?", target.get());
            // Where the files land now is where a redo takes them from.
            for (int i = 0; i < back.size(); i++) {
                Step original = forward.get(forward.size() - 1 - i);
                setStepPath(c, target.get(), original.seq(), "from_path", back.get(i).to());
            }
        });
        return Optional.of(execute(op));
    }

    /** Redoes the most recently undone action; empty when there is nothing to redo. */
    public Optional<MoveResult> redo() {
        try (WriterLock.Held lock = WriterLock.acquire(layout)) {
            finishInterrupted();
            return redoLocked();
        }
    }

    private Optional<MoveResult> redoLocked() {
        Optional<Long> target = latest("SELECT id FROM journal_ops WHERE kind = 'move' AND status = 'undone' "
                + "ORDER BY undo_seq DESC LIMIT 1");
        if (target.isEmpty()) {
            return Optional.empty();
        }
        List<Step> original = doneSteps(target.get());
        List<Step> again = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (Step s : original) {
            String to = pathRules.freeAt(s.to(), planned);
            planned.add(to);
            again.add(new Step(again.size(), s.from(), to, s.sha256()));
        }
        long op = plan("redo", target.get(), null, again, c -> {
            update(c, "UPDATE journal_ops SET status = 'applied', undo_seq = NULL WHERE id = ?", target.get());
            for (int i = 0; i < again.size(); i++) {
                setStepPath(c, target.get(), original.get(i).seq(), "to_path", again.get(i).to());
            }
        });
        return Optional.of(execute(op));
    }

    public boolean canUndo() {
        return latest("SELECT id FROM journal_ops WHERE kind = 'move' AND status = 'applied' AND state = 'done' "
                + "LIMIT 1").isPresent();
    }

    public boolean canRedo() {
        return latest("SELECT id FROM journal_ops WHERE kind = 'move' AND status = 'undone' LIMIT 1").isPresent();
    }

    /**
     * Finishes every action that was planned but not completed (its process stopped mid-way): each file is
     * found where it was or where it was going, and the journal and catalog are brought in line with the disk.
     * Runs under the dataset's writer lock, so no other process is moving files meanwhile; an action whose
     * planning process is still alive (a lock that did not hold, as on some network file systems) is left alone.
     *
     * @return the actions completed
     */
    public List<MoveResult> recover() {
        try (WriterLock.Held lock = WriterLock.acquire(layout)) {
            return finishInterrupted();
        }
    }

    /** {@link #recover()} with the lock already held. */
    private List<MoveResult> finishInterrupted() {
        List<Long> pending = new ArrayList<>();
        catalog.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, owner FROM journal_ops WHERE state = 'pending' ORDER BY id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (JournalSchema.ownerAlive(rs.getString(2))) {
                            LOG.warn("Action {} of {} is pending but its process is still running: left alone",
                                    rs.getLong(1), layout.root());
                        } else {
                            pending.add(rs.getLong(1));
                        }
                    }
                }
            }
        });
        List<MoveResult> results = new ArrayList<>();
        for (long op : pending) {
            results.add(execute(op));
        }
        return results;
    }

    /** Every action, newest first. */
    public List<HistoryEntry> history() {
        return new JournalHistory(catalog).history();
    }

    /**
     * Where an image came from, by its current catalog path: its label before the first move that still stands,
     * and the last such move's time, user and round. Images never moved (or whose moves were all undone) are
     * absent, and so is an unmoved copy of a moved image (same content, another path).
     */
    public record Provenance(String originalLabel, Instant movedAt, String movedBy, int round) {
    }

    public Map<String, Provenance> provenance() {
        return new JournalHistory(catalog).provenance();
    }

    /** How many standing moves each image (by content hash) has had: more than one means back and forth. */
    public Map<String, Integer> moveCounts() {
        return new JournalHistory(catalog).moveCounts();
    }

    // ------------------------------------------------------------------ planning

    @FunctionalInterface
    private interface Extra {
        void run(Connection c) throws SQLException;
    }

    /** Writes an action and its steps, all pending, in one transaction; returns its id. */
    private long plan(String kind, Long target, MoveReason reason, List<Step> steps, Extra extra) {
        long[] id = new long[1];
        catalog.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO journal_ops(kind, target, status, state, at, "
                    + "user, reason_kind, score, round, owner) VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, kind);
                if (target == null) {
                    ps.setNull(2, java.sql.Types.INTEGER);
                } else {
                    ps.setLong(2, target);
                }
                ps.setString(3, "move".equals(kind) ? "applied" : DONE);
                ps.setString(4, clock.instant().toString());
                ps.setString(5, user);
                ps.setString(6, reason == null ? null : reason.kind());
                if (reason == null || Double.isNaN(reason.score())) {
                    ps.setNull(7, java.sql.Types.REAL);
                } else {
                    ps.setDouble(7, reason.score());
                }
                ps.setInt(8, reason == null ? 0 : reason.round());
                ps.setString(9, JournalSchema.thisOwner());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id[0] = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO journal_steps(op, seq, from_path, to_path, "
                    + "sha256, state) VALUES (?, ?, ?, ?, ?, 'pending')")) {
                for (Step s : steps) {
                    ps.setLong(1, id[0]);
                    ps.setInt(2, s.seq());
                    ps.setString(3, s.from());
                    ps.setString(4, s.to());
                    ps.setString(5, s.sha256());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            extra.run(c);
        });
        return id[0];
    }

    private static void discardRedo(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE journal_ops SET status = 'discarded', undo_seq = NULL "
                    + "WHERE kind = 'move' AND status = 'undone'");
        }
    }

    // ------------------------------------------------------------------ execution (also recovery)

    /** Carries out every pending step of an action; idempotent, so recovery can call it again. */
    private MoveResult execute(long op) {
        List<Step> pending = new ArrayList<>();
        catalog.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, from_path, to_path, sha256 FROM "
                    + "journal_steps WHERE op = ? AND state = 'pending' ORDER BY seq")) {
                ps.setLong(1, op);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending.add(new Step(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        });
        for (Step step : pending) {
            String failure = disk.move(step);
            catalog.transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE journal_steps SET state = ?, reason = ? WHERE op = ? AND seq = ?")) {
                    ps.setString(1, failure == null ? DONE : FAILED);
                    ps.setString(2, failure);
                    ps.setLong(3, op);
                    ps.setInt(4, step.seq());
                    ps.executeUpdate();
                }
                if (failure == null) {
                    catalog.relocate(c, step.from(), step.to());
                }
            });
        }
        List<MoveResult.Moved> moved = new ArrayList<>();
        List<MoveResult.Failed> failed = new ArrayList<>();
        catalog.transaction(c -> {
            update(c, "UPDATE journal_ops SET state = 'done' WHERE id = ?", op);
            // A move none of whose files moved is nothing to undo.
            try (PreparedStatement ps = c.prepareStatement("UPDATE journal_ops SET status = 'failed' WHERE id = ? "
                    + "AND kind = 'move' AND NOT EXISTS (SELECT 1 FROM journal_steps WHERE op = ? AND state = 'done')")) {
                ps.setLong(1, op);
                ps.setLong(2, op);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT from_path, to_path, state, reason FROM journal_steps "
                    + "WHERE op = ? ORDER BY seq")) {
                ps.setLong(1, op);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (FAILED.equals(rs.getString(3))) {
                            failed.add(new MoveResult.Failed(rs.getString(1), rs.getString(4)));
                        } else {
                            moved.add(new MoveResult.Moved(rs.getString(1), rs.getString(2)));
                        }
                    }
                }
            }
        });
        return new MoveResult(op, moved, failed);
    }

    // ------------------------------------------------------------------ small SQL helpers

    private Optional<Long> latest(String sql) {
        List<Long> found = new ArrayList<>();
        catalog.transaction(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                if (rs.next()) {
                    found.add(rs.getLong(1));
                }
            }
        });
        return found.stream().findFirst();
    }

    private List<Step> doneSteps(long op) {
        List<Step> steps = new ArrayList<>();
        catalog.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, from_path, to_path, sha256 FROM journal_steps "
                    + "WHERE op = ? AND state = 'done' ORDER BY seq")) {
                ps.setLong(1, op);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        steps.add(new Step(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                    }
                }
            }
        });
        return steps;
    }

    private static void update(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private static void setStepPath(Connection c, long op, int seq, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE journal_steps SET " + column + " = ? WHERE op = ? AND seq = ?")) {
            ps.setString(1, value);
            ps.setLong(2, op);
            ps.setInt(3, seq);
            ps.executeUpdate();
        }
    }
}

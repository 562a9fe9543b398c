package dev.loupe.journal;

import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.WriterLock;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final Renamer renamer;

    /** Renames one file without ever replacing another; replaceable so tests can simulate failures. */
    @FunctionalInterface
    interface Renamer {
        void rename(Path from, Path to) throws IOException;
    }

    /**
     * A hard link fails if the new name is taken, so nothing is ever replaced; the old name is then dropped. If
     * dropping it fails, the new link is removed again only while the old name still holds the same file, so a
     * file is never left under two names and never under none. Where hard links are not supported (FAT, some
     * network shares), the file is copied to a hidden name beside its destination, verified by size, given its
     * final name only if that name is still free, and the original removed last.
     */
    static final Renamer NO_REPLACE = new NoReplaceRename(Files::createLink);

    /** {@link #NO_REPLACE} with the hard-link call replaceable, so tests can take hard links away. */
    static final class NoReplaceRename implements Renamer {

        /** Creates a hard link {@code link} to {@code existing}. */
        @FunctionalInterface
        interface Linker {
            void link(Path link, Path existing) throws IOException;
        }

        private final Linker linker;

        NoReplaceRename(Linker linker) {
            this.linker = linker;
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            try {
                linker.link(to, from);
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (e instanceof AccessDeniedException || e instanceof NoSuchFileException
                        || e instanceof java.nio.file.FileAlreadyExistsException) {
                    throw e;
                }
                copyThenDelete(from, to);
                return;
            }
            try {
                Files.delete(from);
            } catch (IOException e) {
                if (Files.exists(from, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(from, to)) {
                    Files.delete(to);
                }
                if (!(e instanceof NoSuchFileException)) {
                    throw e;
                }
            }
        }

        private static void copyThenDelete(Path from, Path to) throws IOException {
            Path temp = copyingName(to);
            Files.deleteIfExists(temp); // an earlier, interrupted copy of this very step
            Files.copy(from, temp, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            try {
                if (!Files.isSymbolicLink(from) && Files.size(temp) != Files.size(from)) {
                    throw new IOException("the copy of " + from + " is incomplete");
                }
                if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                    throw new java.nio.file.FileAlreadyExistsException(to.toString());
                }
                Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw e;
            }
            Files.delete(from);
        }
    }

    /** The hidden name a copy is written under before it takes its final name (never catalogued: hidden). */
    static Path copyingName(Path to) {
        return to.resolveSibling("." + to.getFileName() + ".loupe-copying");
    }

    private record Step(int seq, String from, String to, String sha256) {
    }

    public MoveJournal(Catalog catalog) {
        this(catalog, Clock.systemUTC(), System.getProperty("user.name", "unknown"));
    }

    public MoveJournal(Catalog catalog, Clock clock, String user) {
        this(catalog, clock, user, NO_REPLACE);
    }

    MoveJournal(Catalog catalog, Clock clock, String user, Renamer renamer) {
        this.renamer = renamer;
        this.catalog = catalog;
        this.layout = catalog.layout();
        this.clock = clock;
        this.user = user;
        catalog.transaction(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("""
                        CREATE TABLE IF NOT EXISTS journal_ops (
                          id INTEGER PRIMARY KEY AUTOINCREMENT,
                          kind TEXT NOT NULL,
                          target INTEGER,
                          status TEXT NOT NULL,
                          state TEXT NOT NULL,
                          at TEXT NOT NULL,
                          user TEXT NOT NULL,
                          reason_kind TEXT,
                          score REAL,
                          round INTEGER,
                          undo_seq INTEGER
                        )""");
                boolean hasOwner = false;
                try (ResultSet rs = st.executeQuery("PRAGMA table_info(journal_ops)")) {
                    while (rs.next()) {
                        hasOwner |= "owner".equals(rs.getString("name"));
                    }
                }
                if (!hasOwner) {
                    // Which process planned an action: recovery leaves alone what a live process is doing.
                    st.execute("ALTER TABLE journal_ops ADD COLUMN owner TEXT");
                }
                st.execute("""
                        CREATE TABLE IF NOT EXISTS journal_steps (
                          op INTEGER NOT NULL,
                          seq INTEGER NOT NULL,
                          from_path TEXT NOT NULL,
                          to_path TEXT NOT NULL,
                          sha256 TEXT,
                          state TEXT NOT NULL,
                          reason TEXT,
                          PRIMARY KEY (op, seq)
                        )""");
            }
        });
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
        checkedTargetFolder(label);
        List<MoveResult.Failed> refused = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Set<String> planned = new HashSet<>();
        for (String raw : paths) {
            String path;
            try {
                path = checkedPath(raw);
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
            } else if (linkOnTheWay(path) != null) {
                refused.add(new MoveResult.Failed(path, linkOnTheWay(path)));
            } else {
                String name = path.substring(path.lastIndexOf('/') + 1);
                String to = freeAt(label + "/" + name, planned);
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
            String to = freeAt(s.from(), planned);
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
            String to = freeAt(s.to(), planned);
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
                        if (ownerAlive(rs.getString(2))) {
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

    /** This process, as recorded with the actions it plans: pid and start time (pids are reused). */
    private static String thisOwner() {
        ProcessHandle me = ProcessHandle.current();
        return me.pid() + "@" + me.info().startInstant().map(Instant::toString).orElse("?");
    }

    /** Whether the process that planned an action is another one, still running. */
    private static boolean ownerAlive(String owner) {
        if (owner == null || owner.equals(thisOwner())) {
            return false;
        }
        int at = owner.indexOf('@');
        try {
            long pid = Long.parseLong(owner.substring(0, at));
            String started = owner.substring(at + 1);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> p.info().startInstant().map(Instant::toString).orElse("?").equals(started))
                    .orElse(false);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Every action, newest first. */
    public List<HistoryEntry> history() {
        List<HistoryEntry> out = new ArrayList<>();
        catalog.transaction(c -> {
            Map<Long, List<MoveResult.Moved>> moves = new LinkedHashMap<>();
            Map<Long, List<MoveResult.Failed>> failures = new LinkedHashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT op, from_path, to_path, state, reason FROM journal_steps "
                         + "ORDER BY op, seq")) {
                while (rs.next()) {
                    long op = rs.getLong(1);
                    if (FAILED.equals(rs.getString(4))) {
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
    public record Provenance(String originalLabel, Instant movedAt, String movedBy, int round) {
    }

    public Map<String, Provenance> provenance() {
        Map<String, Provenance> byPath = new LinkedHashMap<>();
        catalog.transaction(c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT s.from_path, s.to_path, o.at, o.user, o.round "
                         + "FROM journal_steps s JOIN journal_ops o ON o.id = s.op "
                         + "WHERE o.kind = 'move' AND o.status = 'applied' AND s.state = 'done' "
                         + "ORDER BY o.id, s.seq")) {
                while (rs.next()) {
                    String from = rs.getString(1);
                    Provenance earlier = byPath.remove(from);
                    String original = earlier != null ? earlier.originalLabel() : DatasetLayout.labelOf(from);
                    byPath.put(rs.getString(2), new Provenance(original, Instant.parse(rs.getString(3)),
                            rs.getString(4), rs.getInt(5)));
                }
            }
        });
        return byPath;
    }

    /** How many standing moves each image (by content hash) has had: more than one means back and forth. */
    public Map<String, Integer> moveCounts() {
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
                ps.setString(9, thisOwner());
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
            String failure = moveOnDisk(step);
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

    /**
     * Moves one file without ever replacing another; safe to repeat after a crash at any point.
     *
     * @return null when the file is at its destination, else why it stays where it is
     */
    private String moveOnDisk(Step step) {
        Path from = layout.resolve(step.from());
        Path to = layout.resolve(step.to());
        try {
            return moveOnDisk(step, from, to);
        } finally {
            try {
                Files.deleteIfExists(copyingName(to));
            } catch (IOException e) {
                LOG.warn("Cannot remove the partial copy {}", copyingName(to), e);
            }
        }
    }

    private String moveOnDisk(Step step, Path from, Path to) {
        String link = linkOnTheWay(step.from());
        if (link == null) {
            link = linkOnTheWay(step.to());
        }
        if (link != null) {
            return link + "; " + step.from() + " left in place";
        }
        boolean fromExists = Files.exists(from, LinkOption.NOFOLLOW_LINKS);
        boolean toExists = Files.exists(to, LinkOption.NOFOLLOW_LINKS);
        try {
            if (!fromExists && toExists) {
                return null;
            }
            if (fromExists && toExists) {
                if (Files.isSameFile(from, to) || completedCopy(step, from, to)) {
                    // Interrupted between giving the file its new name and removing the old one.
                    Files.delete(from);
                    return null;
                }
                return step.to() + " is taken by another file; " + step.from() + " left in place";
            }
            if (!fromExists) {
                return step.from() + " no longer exists (moved or deleted by another program)";
            }
            Files.createDirectories(to.getParent());
            renamer.rename(from, to);
            return null;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return step.to() + " is taken by another file; " + step.from() + " left in place";
        } catch (AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        } catch (NoSuchFileException e) {
            return step.from() + " no longer exists (moved or deleted by another program)";
        } catch (IOException e) {
            return "cannot move " + step.from() + ": " + describe(e);
        }
    }

    /**
     * Whether {@code to} is a finished copy of {@code from} made where hard links are not supported (both hold
     * the step's content), so that only removing the original was left to do.
     */
    private static boolean completedCopy(Step step, Path from, Path to) {
        if (step.sha256() == null || Files.isSymbolicLink(from) || Files.isSymbolicLink(to)) {
            return false;
        }
        return step.sha256().equals(sha256(to)) && step.sha256().equals(sha256(from));
    }

    private static String sha256(Path file) {
        try {
            return dev.loupe.dataset.ContentHash.of(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** A short reason for an I/O failure, naming a full disk as such. */
    private String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (m.contains("No space left on device") || m.contains("Disk quota exceeded")) {
            return "the disk is full (free some space, then try again)";
        }
        return m;
    }

    // ------------------------------------------------------------------ paths

    /** The target label's folder, created for reserved buckets; refused if it lies outside the dataset. */
    private Path checkedTargetFolder(String label) {
        if (label.contains("/") || label.contains("\\") || label.equals("..")) {
            throw new DatasetException("'" + label + "' is a path; the target is a class name (one of "
                    + String.join(", ", layout.classesOnDisk()) + ", or _unsure, _excluded)");
        }
        if (!DatasetLayout.isClassName(label) && !DatasetLayout.isBucketName(label)) {
            throw new DatasetException("'" + label + "' is not a class (classes are folders not starting with '.' "
                    + "or '_'; the reserved buckets are _unsure and _excluded)");
        }
        Path dir = layout.root().resolve(label);
        if (Files.isSymbolicLink(dir)) {
            throw new DatasetException("The folder of class '" + label + "' is a symbolic link; Loupe does not follow "
                    + "links out of the dataset or back into it, so it never moves images there");
        }
        try {
            if (!Files.isDirectory(dir)) {
                if (DatasetLayout.isBucketName(label)) {
                    Files.createDirectories(dir);
                } else {
                    throw new DatasetException("No class '" + label + "' in " + layout.root()
                            + " (classes: " + String.join(", ", layout.classesOnDisk()) + ")");
                }
            }
            if (!dir.toRealPath().startsWith(layout.root().toRealPath())) {
                throw new DatasetException("The folder of class '" + label + "' is a link to " + dir.toRealPath()
                        + ", outside the dataset; Loupe never writes outside the dataset");
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot use class folder " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** A catalog path that stays inside the dataset, or a refusal. */
    private String checkedPath(String raw) {
        String p = raw.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            Path absolute = Path.of(raw).toAbsolutePath().normalize();
            if (!absolute.startsWith(layout.root())) {
                throw new DatasetException("outside the dataset; Loupe only moves files inside it");
            }
            return layout.relativePath(absolute);
        }
        Path resolved = layout.root().resolve(p).normalize();
        if (!resolved.startsWith(layout.root()) || resolved.equals(layout.root())) {
            throw new DatasetException("outside the dataset; Loupe only moves files inside it");
        }
        return layout.relativePath(resolved);
    }

    /**
     * Why a catalog path cannot be moved from or to because a folder on its way (the class folder or one below
     * it) is a symbolic link, or null when every folder on the way is a real one. The file itself may be a link:
     * it is moved as a link.
     */
    private String linkOnTheWay(String path) {
        Path dir = layout.root();
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            dir = dir.resolve(parts[i]);
            if (Files.isSymbolicLink(dir)) {
                return layout.relativePath(dir) + " is a symbolic link to a folder; Loupe does not follow links out "
                        + "of the dataset or back into it";
            }
        }
        return null;
    }

    /** {@code path} if free, else the first of {@code stem (2).ext}, {@code stem (3).ext}, ... next to it. */
    private String freeAt(String path, Set<String> planned) {
        int slash = path.lastIndexOf('/');
        String folder = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        String candidate = path;
        for (int n = 2; taken(candidate, planned); n++) {
            candidate = folder + stem + " (" + n + ")" + ext;
        }
        return candidate;
    }

    private boolean taken(String path, Set<String> planned) {
        return planned.contains(path) || Files.exists(layout.resolve(path), LinkOption.NOFOLLOW_LINKS)
                || catalog.find(path).isPresent();
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

package dev.loupe.app;

import dev.loupe.issues.ReviewLog;
import dev.loupe.journal.MoveReason;
import dev.loupe.journal.MoveResult;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.rounds.RoundHistory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The annotator's decisions: move the selection to a class or bucket (through the move journal), keep its
 * label, and take either back (Ctrl+Z) or do it again (Ctrl+Shift+Z). Each decision is carried out in the
 * order it was made ({@link TaskRunner#decide}); the focus then goes to the next undecided tile. Knows no
 * {@code Node}.
 */
final class ReviewActions {

    /** What the decisions act on and tell; the window's model. */
    interface Host {
        /** The open dataset, or null. */
        OpenedDataset dataset();

        ReviewLog reviews();

        GridSelection selection();

        Ranking ranking();

        TaskRunner tasks();

        /** Reads the catalog on the background thread for the refresh that follows (see DatasetViewModel). */
        void preload(OpenedDataset ds);

        /** Drops what {@link #preload} read when no refresh follows. */
        void discardPreloaded();

        /** Rebuilds the grid from the catalog. */
        void refresh();

        /** Ranks again from cached features, in the background. */
        void rerank();

        void say(String message);
    }

    /** A move in {@link #sessionDecisions}: the journal holds what it did. */
    private static final List<String> A_MOVE = Collections.unmodifiableList(new ArrayList<>());

    private final Host host;
    /**
     * This session's decisions, newest last: a keep (its images' hashes) or a move ({@link #A_MOVE}). Ctrl+Z
     * takes back the newest decision, whichever kind it is; past this session's keeps, the journal's moves
     * (also from earlier sessions and the command line) are undone.
     */
    private final ArrayDeque<List<String>> sessionDecisions = new ArrayDeque<>();
    private final ArrayDeque<List<String>> undoneDecisions = new ArrayDeque<>();

    ReviewActions(Host host) {
        this.host = host;
    }

    /** A new dataset: this session's keeps are forgotten (the journal's moves stay undoable). */
    void clear() {
        sessionDecisions.clear();
        undoneDecisions.clear();
    }

    boolean canUndo(OpenedDataset ds) {
        return ds.journal().canUndo() || (!sessionDecisions.isEmpty() && sessionDecisions.peekLast() != A_MOVE);
    }

    boolean canRedo(OpenedDataset ds) {
        return ds.journal().canRedo() || (!undoneDecisions.isEmpty() && undoneDecisions.peekLast() != A_MOVE);
    }

    /**
     * Moves the selected images to {@code label} (a class, {@code _unsure} or {@code _excluded}); those already
     * filed there are marked as kept. The focus goes to the next image not yet decided, in the order shown.
     */
    void move(String label) {
        host.tasks().decide(() -> doMove(label, host.selection().selectedTiles(), null));
    }

    /**
     * Moves {@code tiles} (shown or not) to {@code label} as one journal step; the focus then goes to the next
     * undecided image after {@code anchorSha}'s place.
     */
    void move(List<ImageTile> tiles, String label, String anchorSha) {
        host.tasks().decide(() -> doMove(label, tiles, anchorSha));
    }

    /**
     * Files every image of {@code tiles} under {@code label} as one journal step that is not a review decision
     * (a class merged or renamed: no image is marked as reviewed); {@code before} and {@code afterwards} run
     * around it on the background thread (the new folder made, the emptied one removed). Undone like any move.
     */
    void relabel(List<ImageTile> tiles, String label, String why, Runnable before, Runnable afterwards) {
        host.tasks().decide(() -> {
            OpenedDataset ds = host.dataset();
            if (ds == null || tiles.isEmpty()) {
                return;
            }
            host.tasks().runQuick(new BackgroundTask<>("Moving", (listener, cancel) -> {
                before.run();
                MoveResult moved = ds.journal().move(tiles.stream().map(ImageTile::path).toList(), label,
                        new MoveReason(why, Double.NaN, new RoundHistory(ds.catalog()).latest()));
                afterwards.run();
                host.preload(ds);
                return moved;
            }), result -> {
                decided(null);
                host.say(describe(result, "Moved", label) + " (" + why + "; Ctrl+Z undoes it).");
                host.refresh();
                host.rerank();
            });
        });
    }

    /** Marks the selected images as reviewed with their label kept, and moves on to the next undecided one. */
    void keep() {
        host.tasks().decide(this::doKeep);
    }

    void undo() {
        host.tasks().decide(() -> {
            List<String> last = sessionDecisions.peekLast();
            if (last != null && last != A_MOVE) {
                sessionDecisions.pollLast();
                undoneDecisions.addLast(last);
                host.reviews().forget(last);
                host.say("Undid: kept " + last.size() + " image(s).");
                host.refresh();
                host.selection().focusOn(last);
                return;
            }
            if (last != null) {
                undoneDecisions.addLast(sessionDecisions.pollLast());
            }
            journalStep(true);
        });
    }

    void redo() {
        host.tasks().decide(() -> {
            List<String> next = undoneDecisions.peekLast();
            if (next != null && next != A_MOVE) {
                undoneDecisions.pollLast();
                sessionDecisions.addLast(next);
                host.reviews().record(next, ReviewLog.KEPT);
                host.say("Redid: kept " + next.size() + " image(s).");
                host.refresh();
                host.selection().focusNextUndecided(next.get(next.size() - 1));
                return;
            }
            if (next != null) {
                sessionDecisions.addLast(undoneDecisions.pollLast());
            }
            journalStep(false);
        });
    }

    private void decided(List<String> keptHashes) {
        sessionDecisions.addLast(keptHashes == null ? A_MOVE : keptHashes);
        undoneDecisions.clear();
    }

    private void doMove(String label, List<ImageTile> chosen, String anchorSha) {
        OpenedDataset ds = host.dataset();
        if (ds == null || chosen.isEmpty()) {
            return;
        }
        List<ImageTile> movable = chosen.stream().filter(t -> !t.label().equals(label)).toList();
        List<String> already = chosen.stream().filter(t -> t.label().equals(label)).map(ImageTile::sha256).toList();
        String anchor = anchorSha != null ? anchorSha : chosen.get(chosen.size() - 1).sha256();
        if (movable.isEmpty()) {
            host.reviews().record(already, ReviewLog.KEPT);
            decided(already);
            host.say(already.size() == 1 ? "Already in " + label + ": kept." : "All " + already.size()
                    + " already in " + label + ": kept.");
            host.refresh();
            host.selection().focusNextUndecided(anchor);
            return;
        }
        host.tasks().runQuick(new BackgroundTask<>("Moving", (listener, cancel) -> {
            ImageTile first = movable.get(0);
            int round = new RoundHistory(ds.catalog()).latest();
            MoveReason reason = first.kind() == null ? new MoveReason("manual", Double.NaN, round)
                    : new MoveReason(first.kind().code(), first.score(), round);
            MoveResult moved = ds.journal().move(movable.stream().map(ImageTile::path).toList(), label, reason);
            host.preload(ds);
            return moved;
        }), result -> {
            Map<String, String> shaOf = new HashMap<>();
            movable.forEach(t -> shaOf.put(t.path(), t.sha256()));
            List<String> moved = new ArrayList<>();
            for (MoveResult.Moved m : result.moved()) {
                String sha = shaOf.get(m.from());
                if (sha != null) {
                    moved.add(sha);
                }
            }
            host.reviews().record(moved, ReviewLog.MOVED);
            host.reviews().record(already, ReviewLog.KEPT);
            decided(null);
            host.ranking().moved(moved.size());
            host.say(describe(result, "Moved", label) + (already.isEmpty() ? ""
                    : " " + already.size() + " already in " + label + ": kept."));
            host.refresh();
            host.selection().focusNextUndecided(anchor);
            host.rerank();
        });
    }

    private void doKeep() {
        List<ImageTile> chosen = host.selection().selectedTiles();
        if (host.dataset() == null || chosen.isEmpty()) {
            return;
        }
        List<String> kept = chosen.stream().map(ImageTile::sha256).toList();
        host.reviews().record(kept, ReviewLog.KEPT);
        decided(kept);
        host.say("Kept " + chosen.size() + " image(s) as " + chosen.get(0).label() + ".");
        host.refresh();
        host.selection().focusNextUndecided(chosen.get(chosen.size() - 1).sha256());
    }

    private void journalStep(boolean undo) {
        OpenedDataset ds = host.dataset();
        if (ds == null) {
            return;
        }
        host.tasks().runQuick(new BackgroundTask<>(undo ? "Undoing" : "Redoing", (listener, cancel) -> {
            Optional<MoveResult> result = undo ? ds.journal().undo() : ds.journal().redo();
            host.preload(ds);
            return result;
        }), result -> {
                    if (result.isEmpty()) {
                        host.discardPreloaded(); // nothing changed, and no refresh follows to use it
                        host.say(undo ? "Nothing to undo." : "Nothing to redo.");
                        return;
                    }
                    List<String> hashes = new ArrayList<>();
                    for (MoveResult.Moved m : result.get().moved()) {
                        ds.catalog().find(m.to()).ifPresent(e -> hashes.add(e.sha256()));
                    }
                    if (undo) {
                        host.reviews().forget(hashes);
                        host.ranking().unmoved(hashes.size());
                    } else {
                        host.reviews().record(hashes, ReviewLog.MOVED);
                        host.ranking().moved(hashes.size());
                    }
                    host.say((undo ? "Undid" : "Redid") + ": " + describe(result.get(), "moved", null));
                    host.refresh();
                    host.rerank();
                    // Show the images the step brought back, the focus on the first of them.
                    host.selection().focusOn(hashes);
                });
    }

    private static String describe(MoveResult result, String verb, String label) {
        StringBuilder s = new StringBuilder(verb + " " + result.moved().size() + " image(s)");
        if (label != null) {
            s.append(" to ").append(label);
        }
        if (!result.failed().isEmpty()) {
            s.append("; ").append(result.failed().size()).append(" failed: ").append(result.failed().get(0).reason());
        }
        return s.append('.').toString();
    }
}

package dev.loupe.app;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.ScanReport;
import dev.loupe.engine.EngineException;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.features.FeatureCache;
import dev.loupe.issues.DatasetScorer;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.ReviewLog;
import dev.loupe.issues.ScoreReport;
import dev.loupe.issues.ScoredImage;
import dev.loupe.journal.MoveReason;
import dev.loupe.journal.MoveResult;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and actions of the review window: the open dataset, its classes, the scored review queue shown in the
 * grid (filtered and sorted), the selection, and every relabel (through the move journal, undoable). Long work
 * runs on the injected {@link TaskExecutor}. Knows no {@code Node}; tested without a screen.
 *
 * <p>Parts with one job each already live in their own models ({@link ReviewQueue}, {@link ReviewPass},
 * {@link TaskRunner}, {@link JudgeViewModel}, {@link RoundsViewModel}, {@link LoupeModel}); this class is still
 * larger than it should be (the saved view, the status line and scoring are the next to move out).
 */
public final class DatasetViewModel {


    /** One row of the class list: a class or a reserved bucket, with its number of usable images. */
    public record ClassSummary(String name, int count, boolean bucket) {
        @Override
        public String toString() {
            return name + " (" + count + ")";
        }
    }

    /**
     * One image in the grid.
     *
     * @param label      the folder it is filed in
     * @param predicted  the model's most likely class, or null before scoring (or for buckets)
     * @param confidence the model's probability for {@code predicted}
     * @param kind       the issue kind, or null before scoring
     * @param score      suspicion, 0..1 (0 before scoring)
     * @param decision   the reviewer's decision ({@link ReviewLog#KEPT}, {@link ReviewLog#MOVED}), null if none yet
     */
    public record ImageTile(String path, String sha256, Path file, String label, String predicted, double confidence,
                            IssueKind kind, double score, String decision, int width, int height, long size,
                            long modified, Map<String, Double> probabilities, List<String> duplicates) {
        public String name() {
            return path.substring(path.lastIndexOf('/') + 1);
        }

        /** Whether a reviewer has decided on this image (kept its label or moved it). */
        public boolean reviewed() {
            return decision != null;
        }

        public boolean suspect() {
            return kind != null && kind != IssueKind.OK;
        }
    }

    /** Which images the grid shows. */
    public enum Queue {
        SUSPECTS("Suspects"), MISCLASSIFIED("Misclassified"), LOW_CONFIDENCE("Low confidence"),
        DUPLICATES("Duplicates"), BACK_AND_FORTH("Moved back and forth"), ALL("All images");

        private final String title;

        Queue(String title) {
            this.title = title;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    /** A class-pair page: images filed under one class that the model puts in another. */
    public record ClassPair(String filed, String looks, long estimated) {
        @Override
        public String toString() {
            return "filed " + filed + " → looks " + looks + " (~" + estimated + ")";
        }
    }

    /** The grid's order. */
    public enum Sort {
        SCORE("issue score"), CONFIDENCE("confidence, least sure first"), NAME("name"), DATE("date, newest first");

        private final String label;

        Sort(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** How a click changes the selection. */
    public enum SelectMode { REPLACE, TOGGLE, RANGE }

    /** Whether the judge's pretrained weights are on this machine, and how to name a file for them. */
    public interface JudgeWeights {
        /** What is missing (what to fetch, where to save it), or empty when the weights are there. */
        Optional<String> missing();

        /** Remembers {@code file} as the judge's weights (the settings file). */
        void use(Path file);
    }

    /** Opens a backbone for scoring, reporting download progress; the boolean says whether it is pretrained. */
    public interface BackboneFactory extends BiFunction<ProgressListener, CancellationToken, FeatureExtractor> {
    }

    private final TaskExecutor executor;
    private final TaskRunner tasks;
    private final JudgeViewModel judge;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Loupe");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open a dataset folder (File → Open)");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper scored = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyIntegerWrapper focus = new ReadOnlyIntegerWrapper(-1);
    private final ObservableList<ClassSummary> classes = FXCollections.observableArrayList();
    private final ObservableList<ImageTile> images = FXCollections.observableArrayList();
    private final ObservableList<String> selection = FXCollections.observableArrayList();
    private final ObservableList<ClassSummary> classesView = FXCollections.unmodifiableObservableList(classes);
    private final ObservableList<ImageTile> imagesView = FXCollections.unmodifiableObservableList(images);
    private final ObservableList<String> selectionView = FXCollections.unmodifiableObservableList(selection);
    private final ObjectProperty<ClassSummary> selectedClass = new SimpleObjectProperty<>();
    private final ObjectProperty<Queue> queue = new SimpleObjectProperty<>(Queue.ALL);
    private final ObjectProperty<ClassPair> pair = new SimpleObjectProperty<>();
    private final ObservableList<ClassPair> pairs = FXCollections.observableArrayList();
    private final ObservableList<ClassPair> pairsView = FXCollections.unmodifiableObservableList(pairs);
    /** Retraining rounds and the architecture comparison: the Rounds tab's state and actions. */
    private final RoundsViewModel roundsModel = new RoundsViewModel(new RoundsViewModel.Host() {
        @Override
        public OpenedDataset dataset() {
            return dataset;
        }

        @Override
        public <T> void run(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess, String cancelled) {
            DatasetViewModel.this.run(task, onSuccess, cancelled);
        }

        @Override
        public FeatureExtractor openJudge(ProgressListener progress, CancellationToken cancel) {
            return judge.current().apply(progress, cancel);
        }

        @Override
        public void say(String text) {
            message.set(text);
        }

        @Override
        public void refused(String text) {
            error.set(text);
            message.set(text);
        }

        @Override
        public void changed() {
            refresh();
        }

        @Override
        public void roundRecorded(String summary) {
            message.set(summary);
            refresh();
            if (!backAndForth.isEmpty()) {
                message.set(message.get() + " " + backAndForth.size() + " image(s) were moved back and forth: "
                        + "Show → Moved back and forth, then U sets them aside in _unsure.");
            }
            rerank();
        }
    });
    private final ObjectProperty<Sort> sort = new SimpleObjectProperty<>(Sort.SCORE);
    private final javafx.beans.property.DoubleProperty confidenceAtMost =
            new javafx.beans.property.SimpleDoubleProperty(1.0);
    private final StringProperty search = new SimpleStringProperty("");
    private final BooleanProperty showReviewed = new SimpleBooleanProperty(true);

    private OpenedDataset dataset;
    private ScanReport lastScan;
    private ReviewLog reviews;
    private ScoreReport report;
    private String backboneName = "";
    private final Map<String, ScoredImage> scores = new HashMap<>();
    private List<ImageTile> allTiles = List.of();
    private int movedSinceScoring;
    private Set<String> backAndForth = Set.of();
    private String fingerprint;
    private BackgroundTask<ScoreReport> reranking;
    /** The pass the annotator is working through: its order holds until a new pass is asked for. */
    private ReviewPass pass;
    /** Whether the next {@link #refresh()} starts a new pass (after opening or scoring). */
    private boolean newPass = true;

    public DatasetViewModel(TaskExecutor executor) {
        this(executor, (p, c) -> {
            throw new EngineException("no backbone configured");
        });
    }

    public DatasetViewModel(TaskExecutor executor, BackboneFactory backboneFactory) {
        this.executor = executor;
        this.tasks = new TaskRunner(executor, new TaskOutcome());
        this.judge = new JudgeViewModel(executor, backboneFactory);
        selectedClass.addListener((obs, old, now) -> refilter());
        selection.addListener((javafx.collections.ListChangeListener<String>) c -> updateStatus());
        queue.addListener((obs, old, now) -> refilter());
        pair.addListener((obs, old, now) -> refilter());
        search.addListener((obs, old, now) -> refilter());
        showReviewed.addListener((obs, old, now) -> refilter());
        sort.addListener((obs, old, now) -> refilter());
        confidenceAtMost.addListener((obs, old, now) -> refilter());
    }

    // ------------------------------------------------------------------ opening

    /** Opens a dataset folder: finishes interrupted moves, scans (incrementally), shows its classes. */
    public void open(Path folder) {
        cancel();
        close();
        DatasetLayout layout = new DatasetLayout(folder);
        title.set("Loupe — " + layout.root().getFileName());
        error.set("");
        message.set("");
        classes.clear();
        images.clear();
        selection.clear();
        scores.clear();
        roundsModel.clear();
        report = null;
        scored.set(false);
        newPass = true;
        run(new BackgroundTask<>("Scanning", (listener, cancel) -> {
            OpenedDataset opened = OpenedDataset.open(layout.root(), listener, cancel);
            preload(opened);
            return opened;
        }), opened -> {
                    dataset = opened;
                    lastScan = opened.report();
                    reviews = new ReviewLog(opened.catalog());
                    queue.set(Queue.ALL);
                    refresh();
                    selectedClass.set(null);
                    restoreView(opened);
                    if (recent != null) {
                        recent.add(opened.layout().root());
                    }
                    if (!opened.recovered().isEmpty()) {
                        message.set("Finished " + opened.recovered().size() + " move(s) interrupted last time.");
                    }
                    judge.check();
                }, "Scan cancelled; open the folder again to continue.");
    }

    // ------------------------------------------------------------------ the judge's weights

    /** How the window learns whether the judge's weights are there (the app: the weights store). */
    public void setJudgeWeights(JudgeWeights weights) {
        judge.setWeights(weights);
    }

    /** Whether the user chose to score with random weights although pretrained ones are missing. */
    public boolean randomWeightsAllowed() {
        return judge.randomAllowed();
    }

    /** "Score with random weights anyway": an explicit choice, then scoring. */
    public void scoreWithRandomWeights() {
        judge.allowRandom();
        score();
    }

    /** "Choose weights file…": remembered in the settings for every later run, then scoring. */
    public void useWeightsFile(Path file) {
        try {
            judge.useFile(file);
        } catch (EngineException e) {
            error.set(e.getMessage());
            message.set(e.getMessage());
            return;
        }
        message.set("The judge's weights: " + file + ".");
        if (judge.ready()) {
            score();
        }
    }

    /** Why the judge would score with random weights (the banner over the grid); empty when all is well. */
    public ReadOnlyStringProperty judgeProblemProperty() {
        return judge.problemProperty();
    }

    // ------------------------------------------------------------------ scoring

    /** Featurizes what is not cached yet and ranks label issues; the grid then shows the suspects first. */
    public void score() {
        if (dataset == null) {
            return;
        }
        OpenedDataset ds = dataset;
        run(new BackgroundTask<>("Scoring", (listener, cancel) -> {
            try (FeatureExtractor backbone = judge.current().apply(listener, cancel);
                 FeatureCache cache = FeatureCache.open(ds.layout())) {
                fingerprint = backbone.fingerprint();
                backboneName = backbone.spec().name() + (backbone.pretrained() ? ""
                        : " with NO pretrained weights (learning from scratch; expect lower accuracy)");
                return new DatasetScorer().score(ds.catalog(), backbone, cache, LabelIssueFinder.Config.defaults(),
                        listener, cancel);
            }
        }), result -> {
            report = result;
            scores.clear();
            result.queue().forEach(s -> scores.put(s.sha256(), s));
            movedSinceScoring = 0;
            scored.set(true);
            updatePairs(result);
            newPass = true;
            queue.set(Queue.SUSPECTS);
            refresh();
            selectFirst();
            saveView(ds);
            message.set(String.format(Locale.ROOT, "Scored with %s: %d suspects, ~%d label errors estimated.",
                    backboneName, images.size(), result.totalEstimatedErrors()));
        }, "Scoring cancelled; features computed so far are kept, so the next run continues from there.");
    }

    /**
     * On re-opening a scored dataset: the last judge's ranking again, from its cached features (about a second
     * for 10,000 images, in the background), so the grid does not start unranked. Images added since have no
     * score until the next Score; the message says how many files changed since.
     */
    private void restoreRanking(OpenedDataset ds, java.util.Properties view, ScanReport scan) {
        String key = view.getProperty("judge.fingerprint", "");
        String name = view.getProperty("judge.name", "");
        if (key.isEmpty()) {
            return;
        }
        BackgroundTask<ScoreReport> task = new BackgroundTask<>("Ranking with the last judge", (listener, cancel) -> {
            try (FeatureCache cache = FeatureCache.open(ds.layout())) {
                if (cache.vectors(key).isEmpty()) {
                    return null;
                }
                return new DatasetScorer().rank(ds.catalog(), cache, key, Map.of(), LabelIssueFinder.Config.defaults(),
                        ProgressListener.NONE, cancel);
            }
        });
        task.onSuccess(result -> {
            if (dataset != ds || result == null || report != null) {
                return;
            }
            fingerprint = key;
            backboneName = name;
            report = result;
            scores.clear();
            result.queue().forEach(sc -> scores.put(sc.sha256(), sc));
            scored.set(true);
            updatePairs(result);
            newPass = true;
            Queue wanted = queue.get();
            refresh();
            queue.set(wanted == Queue.ALL ? Queue.SUSPECTS : wanted);
            refilter();
            selectFirst();
            int changed = scan.added().size() + scan.modified().size() + scan.removed().size() + scan.renamed().size();
            message.set("The last ranking (" + name + "), from its cached features" + (changed == 0 ? "."
                    : "; " + changed + " file(s) changed on disk since: Score again to judge new images."));
        }).onFailure(e -> message.set("The last ranking could not be restored: " + e.getMessage()
                + ". Score to rank again."));
        executor.execute(task);
    }

    // ------------------------------------------------------------------ relabeling

    /**
     * Moves the selected images to {@code label} (a class, {@code _unsure} or {@code _excluded}); those already
     * filed there are marked as kept. The focus goes to the next image not yet decided, in the order shown.
     */
    public void moveSelection(String label) {
        decide(() -> move(label));
    }

    private void move(String label) {
        List<ImageTile> chosen = selectedTiles();
        if (dataset == null || chosen.isEmpty()) {
            return;
        }
        List<ImageTile> movable = chosen.stream().filter(t -> !t.label().equals(label)).toList();
        List<String> already = chosen.stream().filter(t -> t.label().equals(label)).map(ImageTile::sha256).toList();
        String anchor = chosen.get(chosen.size() - 1).sha256();
        if (movable.isEmpty()) {
            reviews.record(already, ReviewLog.KEPT);
            decided(already);
            message.set(already.size() == 1 ? "Already in " + label + ": kept." : "All " + already.size()
                    + " already in " + label + ": kept.");
            refresh();
            focusNextUndecided(anchor);
            return;
        }
        OpenedDataset ds = dataset;
        runQuick(new BackgroundTask<>("Moving", (listener, cancel) -> {
            ImageTile first = movable.get(0);
            int round = new dev.loupe.rounds.RoundHistory(ds.catalog()).latest();
            MoveReason reason = first.kind() == null ? new MoveReason("manual", Double.NaN, round)
                    : new MoveReason(first.kind().code(), first.score(), round);
            MoveResult moved = ds.journal().move(movable.stream().map(ImageTile::path).toList(), label, reason);
            preload(ds);
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
            reviews.record(moved, ReviewLog.MOVED);
            reviews.record(already, ReviewLog.KEPT);
            decided(null);
            movedSinceScoring += moved.size();
            message.set(describe(result, "Moved", label) + (already.isEmpty() ? ""
                    : " " + already.size() + " already in " + label + ": kept."));
            refresh();
            focusNextUndecided(anchor);
            rerank();
        });
    }

    /** Marks the selected images as reviewed with their label kept, and moves on to the next undecided one. */
    public void keepSelection() {
        decide(this::keep);
    }

    private void keep() {
        List<ImageTile> chosen = selectedTiles();
        if (dataset == null || chosen.isEmpty()) {
            return;
        }
        List<String> kept = chosen.stream().map(ImageTile::sha256).toList();
        reviews.record(kept, ReviewLog.KEPT);
        decided(kept);
        message.set("Kept " + chosen.size() + " image(s) as " + chosen.get(0).label() + ".");
        refresh();
        focusNextUndecided(chosen.get(chosen.size() - 1).sha256());
    }

    /**
     * Starts a new pass over the queue: the latest ranking, filters applied afresh, decided images left out if
     * "show reviewed" is off; the focus on the first undecided image. The R key.
     */
    public void refreshQueue() {
        if (dataset == null) {
            return;
        }
        refilter();
        focusIndex(ReviewPass.nextUndecided(images, -1));
        message.set("Queue re-sorted by the latest ranking.");
    }

    /**
     * Exports the cleaned dataset (see {@link dev.loupe.export.DatasetExporter}) in the background, with the
     * last model's probability for each image's final label in the manifest.
     */
    public void export(Path out, dev.loupe.export.ExportOptions options) {
        export(out, options, () -> { }, e -> { });
    }

    /**
     * The same, telling the export dialog how it ended: {@code done} after success, {@code failed} with the
     * reason (the dialog stays open with its options, showing it).
     */
    public void export(Path out, dev.loupe.export.ExportOptions options, Runnable done,
                       java.util.function.Consumer<String> failed) {
        if (dataset == null) {
            return;
        }
        OpenedDataset ds = dataset;
        run(new BackgroundTask<>("Exporting", (listener, cancel) -> new dev.loupe.export.DatasetExporter()
                .export(ds, out, options, listener, cancel)), report -> {
                    message.set(String.format(Locale.ROOT, "Exported %d images to %s (%d with a changed label, %d left "
                            + "out).", report.exported(), report.output(), report.changed(), report.leftOut()));
                    refresh();
                    done.run();
                }, "Export cancelled; nothing was written.", failed);
    }

    /** Runs a retraining round (see {@link RoundsViewModel#retrain}). */
    public void retrain(dev.loupe.rounds.RetrainConfig config) {
        roundsModel.retrain(config);
    }

    /** Copies round {@code round}'s model bundle into {@code to} (what {@code loupe export-model} does). */
    public void exportRoundModel(int round, Path to) {
        roundsModel.exportRoundModel(round, to);
    }

    /** How the comparison opens each architecture (the app: ImageNet weights when they can be had). */
    public void setComparisonOpener(dev.loupe.rounds.ArchitectureComparison.Opener opener) {
        roundsModel.setComparisonOpener(opener);
    }

    /** The seed's comparison table (see {@link RoundsViewModel#compareArchitectures}). */
    public void compareArchitectures(List<String> names) {
        roundsModel.compareArchitectures(names);
    }

    /** Rows of the last architecture comparison, in the order measured. */
    public ObservableList<dev.loupe.rounds.ArchitectureComparison.Row> comparison() {
        return roundsModel.comparison();
    }

    /** The last comparison as the Markdown table {@code loupe compare} prints. */
    public String comparisonMarkdown() {
        return roundsModel.comparisonMarkdown();
    }

    /**
     * This session's decisions, newest last: a keep (its images' hashes) or a move (null: the journal holds it).
     * Ctrl+Z takes back the newest decision, whichever kind it is; past this session's keeps, the journal's
     * moves (also from earlier sessions and the command line) are undone.
     */
    private final java.util.ArrayDeque<List<String>> sessionDecisions = new java.util.ArrayDeque<>();
    private final java.util.ArrayDeque<List<String>> undoneDecisions = new java.util.ArrayDeque<>();
    private static final List<String> A_MOVE = java.util.Collections.unmodifiableList(new ArrayList<>());

    private void decided(List<String> keptHashes) {
        sessionDecisions.addLast(keptHashes == null ? A_MOVE : keptHashes);
        undoneDecisions.clear();
    }

    public void undo() {
        decide(() -> {
            List<String> last = sessionDecisions.peekLast();
            if (last != null && last != A_MOVE) {
                sessionDecisions.pollLast();
                undoneDecisions.addLast(last);
                reviews.forget(last);
                message.set("Undid: kept " + last.size() + " image(s).");
                refresh();
                focusOn(last);
                return;
            }
            if (last != null) {
                undoneDecisions.addLast(sessionDecisions.pollLast());
            }
            journalStep(true);
        });
    }

    public void redo() {
        decide(() -> {
            List<String> next = undoneDecisions.peekLast();
            if (next != null && next != A_MOVE) {
                undoneDecisions.pollLast();
                sessionDecisions.addLast(next);
                reviews.record(next, ReviewLog.KEPT);
                message.set("Redid: kept " + next.size() + " image(s).");
                refresh();
                focusNextUndecided(next.get(next.size() - 1));
                return;
            }
            if (next != null) {
                sessionDecisions.addLast(undoneDecisions.pollLast());
            }
            journalStep(false);
        });
    }

    /** The focus on the first of these images (by content) and all of them selected. */
    private void focusOn(List<String> hashes) {
        Set<String> wanted = new java.util.HashSet<>(hashes);
        List<String> paths = images.stream().filter(t -> wanted.contains(t.sha256())).map(ImageTile::path).toList();
        if (!paths.isEmpty()) {
            focus.set(indexOf(paths.get(0)));
            selection.setAll(paths);
        }
    }

    private void journalStep(boolean undo) {
        if (dataset == null) {
            return;
        }
        OpenedDataset ds = dataset;
        runQuick(new BackgroundTask<>(undo ? "Undoing" : "Redoing", (listener, cancel) -> {
            var result = undo ? ds.journal().undo() : ds.journal().redo();
            preload(ds);
            return result;
        }), result -> {
                    if (result.isEmpty()) {
                        preloaded = null; // nothing changed, and no refresh follows to use it
                        message.set(undo ? "Nothing to undo." : "Nothing to redo.");
                        return;
                    }
                    List<String> paths = result.get().moved().stream().map(MoveResult.Moved::to).toList();
                    List<String> hashes = new ArrayList<>();
                    for (String p : paths) {
                        ds.catalog().find(p).ifPresent(e -> hashes.add(e.sha256()));
                    }
                    if (undo) {
                        reviews.forget(hashes);
                        movedSinceScoring = Math.max(0, movedSinceScoring - hashes.size());
                    } else {
                        reviews.record(hashes, ReviewLog.MOVED);
                        movedSinceScoring += hashes.size();
                    }
                    message.set((undo ? "Undid" : "Redid") + ": " + describe(result.get(), "moved", null));
                    refresh();
                    rerank();
                    // Show the images the step brought back, the focus on the first of them.
                    Set<String> restored = new java.util.HashSet<>(hashes);
                    List<String> shownPaths = images.stream().filter(t -> restored.contains(t.sha256()))
                            .map(ImageTile::path).toList();
                    if (!shownPaths.isEmpty()) {
                        focus.set(indexOf(shownPaths.get(0)));
                        selection.setAll(shownPaths);
                    }
                });
    }

    private void updatePairs(ScoreReport result) {
        List<ClassPair> rows = new ArrayList<>();
        result.estimatedErrors().forEach((key, count) -> {
            String[] parts = key.split(" -> ");
            rows.add(new ClassPair(parts[0], parts[1], count));
        });
        rows.sort(Comparator.comparingLong(ClassPair::estimated).reversed());
        ClassPair chosen = pair.get();
        pairs.setAll(rows);
        pair.set(chosen == null ? null : rows.stream().filter(r -> r.filed().equals(chosen.filed())
                && r.looks().equals(chosen.looks())).findFirst().orElse(null));
    }

    /**
     * Scans the dataset again (cheap when nothing changed) so that files added, removed or renamed by other
     * programs show up; the window calls it whenever it regains focus.
     */
    public void rescan() {
        rescan(false);
    }

    /** The catalog's change counter when the window last read it (other processes' commits move it on). */
    private long seenDataVersion = -1;
    private boolean checkingOutside;

    /**
     * Re-reads the dataset when another process (a {@code loupe move} in a terminal, another window) changed
     * its catalog since the window last looked; the window polls this every few seconds. Cheap: one query.
     */
    public void checkForOutsideChanges() {
        if (dataset == null || tasks.busy() || checkingOutside) {
            return;
        }
        OpenedDataset ds = dataset;
        checkingOutside = true;
        BackgroundTask<Long> task = new BackgroundTask<>("Checking for changes", (listener, cancel) ->
                ds.catalog().dataVersion());
        task.onSuccess(version -> {
            checkingOutside = false;
            if (dataset != ds) {
                return;
            }
            boolean changed = seenDataVersion >= 0 && version != seenDataVersion;
            seenDataVersion = version;
            if (changed) {
                rescan(true);
            }
        }).onFailure(e -> checkingOutside = false).onCancelled(() -> checkingOutside = false);
        executor.execute(task);
    }

    private void rescan(boolean changedByAnotherLoupe) {
        if (dataset == null || tasks.busy()) {
            return;
        }
        OpenedDataset ds = dataset;
        preloaded = null; // the scan may change the catalog: its refresh reads it afresh
        BackgroundTask<OpenedDataset.Refreshed> task = new BackgroundTask<>("Rescanning", (listener, cancel) ->
                ds.rescan(ProgressListener.NONE, cancel));
        task.onSuccess(refreshed -> {
            if (dataset != ds) {
                return;
            }
            ScanReport result = refreshed.report();
            lastScan = result;
            int changes = result.added().size() + result.removed().size() + result.renamed().size()
                    + result.modified().size();
            if (changes > 0) {
                message.set(String.format(Locale.ROOT, "Changed on disk by another program: %d added, %d removed, "
                        + "%d renamed, %d modified.", result.added().size(), result.removed().size(),
                        result.renamed().size(), result.modified().size()));
            } else if (changedByAnotherLoupe) {
                message.set("Another Loupe process changed this dataset; the grid shows its moves.");
            }
            if (!refreshed.recovered().isEmpty()) {
                message.set("Finished " + refreshed.recovered().size() + " move(s) interrupted when a Loupe stopped.");
            }
            if (changes > 0 || changedByAnotherLoupe || !refreshed.recovered().isEmpty()) {
                refresh();
            }
        }).onFailure(e -> message.set("Rescan failed: " + e.getMessage()));
        executor.execute(task);
    }

    /**
     * Ranks again from cached features (about a second for 10,000 images) after labels changed, without
     * blocking the window or taking the selection away.
     */
    private void rerank() {
        if (report == null || fingerprint == null || dataset == null) {
            return;
        }
        if (reranking != null) {
            reranking.cancel();
        }
        OpenedDataset ds = dataset;
        String key = fingerprint;
        BackgroundTask<ScoreReport> task = new BackgroundTask<>("Re-ranking", (listener, cancel) -> {
            try (FeatureCache cache = FeatureCache.open(ds.layout())) {
                return new DatasetScorer().rank(ds.catalog(), cache, key, Map.of(),
                        LabelIssueFinder.Config.defaults(), ProgressListener.NONE, cancel);
            }
        });
        task.onSuccess(result -> {
            if (reranking != task || dataset != ds) {
                return;
            }
            reranking = null;
            report = result;
            scores.clear();
            result.queue().forEach(s -> scores.put(s.sha256(), s));
            movedSinceScoring = 0;
            updatePairs(result);
            int keep = focus.get();
            List<String> selected = List.copyOf(selection);
            int before = pass == null ? 0 : pass.newcomers();
            refresh();
            selection.setAll(selected.stream().filter(p -> indexOf(p) >= 0).toList());
            focus.set(Math.min(keep, images.size() - 1));
            int joined = pass == null ? 0 : pass.newcomers() - before;
            if (joined > 0) {
                message.set(String.format(Locale.ROOT, "Queue updated: %d new suspect(s) at the end. Press R to "
                        + "re-sort the queue by the latest ranking.", joined));
            }
        }).onFailure(e -> reranking = null).onCancelled(() -> { });
        reranking = task;
        executor.execute(task);
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

    // ------------------------------------------------------------------ selection

    public void select(String path, SelectMode mode) {
        int index = indexOf(path);
        if (index < 0) {
            return;
        }
        switch (mode) {
            case REPLACE -> selection.setAll(path);
            case TOGGLE -> {
                if (!selection.remove(path)) {
                    selection.add(path);
                }
            }
            case RANGE -> {
                int anchor = Math.max(0, focus.get());
                Set<String> range = new LinkedHashSet<>(selection);
                for (int i = Math.min(anchor, index); i <= Math.max(anchor, index); i++) {
                    range.add(images.get(i).path());
                }
                selection.setAll(range);
            }
        }
        focus.set(index);
    }

    public void selectAll() {
        selection.setAll(images.stream().map(ImageTile::path).toList());
    }

    /**
     * Rubber-band selection: the tiles under the band, added to {@code kept} (the selection when the band
     * started, with Ctrl held; empty otherwise), in grid order. Paths no longer shown are ignored; the focus
     * goes to the first tile under the band.
     */
    public void selectBand(java.util.Collection<String> kept, java.util.Collection<String> banded) {
        Set<String> wanted = new java.util.HashSet<>(kept);
        wanted.addAll(banded);
        Set<String> under = new java.util.HashSet<>(banded);
        List<String> chosen = new ArrayList<>();
        int first = -1;
        for (int i = 0; i < images.size(); i++) {
            String path = images.get(i).path();
            if (wanted.contains(path)) {
                chosen.add(path);
                if (first < 0 && under.contains(path)) {
                    first = i;
                }
            }
        }
        if (!chosen.equals(selection)) {
            selection.setAll(chosen);
        }
        if (first >= 0) {
            focus.set(first);
        }
    }

    /** Moves the focus by {@code delta} tiles and selects the tile there. */
    public void moveFocus(int delta) {
        if (images.isEmpty()) {
            return;
        }
        focusIndex(Math.max(0, Math.min(images.size() - 1, focus.get() + delta)));
    }

    private void focusIndex(int index) {
        if (images.isEmpty()) {
            focus.set(-1);
            selection.clear();
            return;
        }
        int i = Math.max(0, Math.min(images.size() - 1, index));
        focus.set(i);
        selection.setAll(images.get(i).path());
    }

    private void selectFirst() {
        focusIndex(0);
    }

    /** After a decision: the focus on the next undecided tile after {@code decidedSha}'s place (see {@link ReviewPass}). */
    private void focusNextUndecided(String decidedSha) {
        int at = -1;
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).sha256().equals(decidedSha)) {
                at = i;
            }
        }
        if (at < 0) {
            at = Math.max(-1, focus.get() - 1);
        }
        focusIndex(ReviewPass.nextUndecided(images, at));
    }

    public List<ImageTile> selectedTiles() {
        List<ImageTile> out = new ArrayList<>();
        Set<String> selected = new java.util.HashSet<>(selection); // a list lookup per tile is quadratic at 100k
        for (ImageTile t : images) {
            if (selected.contains(t.path())) {
                out.add(t);
            }
        }
        return out;
    }

    public Optional<ImageTile> focused() {
        int i = focus.get();
        return i >= 0 && i < images.size() ? Optional.of(images.get(i)) : Optional.empty();
    }

    private int indexOf(String path) {
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ building the grid

    /** Catalog rows read on a background thread for the {@link #refresh()} that follows on the JavaFX thread. */
    private record Preloaded(OpenedDataset dataset, List<CatalogEntry> entries, Map<String, Integer> counts) {
    }

    private volatile Preloaded preloaded;

    /**
     * Reads the catalog at the end of background work that changed it (open, move, undo, redo): reading
     * 100,000 rows takes ~0.4 s, which the JavaFX thread would otherwise spend after every move.
     */
    private void preload(OpenedDataset ds) {
        preloaded = new Preloaded(ds, ds.catalog().entries(), ds.catalog().countsByLabel());
    }

    /** Rebuilds tiles and counts from the catalog and the last scores (keyed by content, so moves keep them). */
    private void refresh() {
        OpenedDataset ds = dataset; // a snapshot: close() may run while a callback refreshes
        if (ds == null) {
            return;
        }
        Preloaded fresh = preloaded;
        preloaded = null;
        boolean usable = fresh != null && fresh.dataset() == ds;
        ScanReport scan = lastScan;
        List<String> classNames = ds.layout().classesOnDisk();
        List<String> buckets = ds.layout().bucketsOnDisk();
        Map<String, String> decisions = reviews.decisions();
        Map<String, Integer> counts = usable ? fresh.counts() : ds.catalog().countsByLabel();
        List<ClassSummary> rows = new ArrayList<>();
        classNames.forEach(c -> rows.add(new ClassSummary(c, counts.getOrDefault(c, 0), false)));
        for (String b : List.of(DatasetLayout.UNSURE, DatasetLayout.EXCLUDED)) {
            rows.add(new ClassSummary(b, counts.getOrDefault(b, 0), true));
        }
        ClassSummary chosen = selectedClass.get();
        classes.setAll(rows);
        if (chosen != null) {
            selectedClass.set(rows.stream().filter(r -> r.name().equals(chosen.name())).findFirst().orElse(null));
        }
        List<ImageTile> tiles = new ArrayList<>();
        for (CatalogEntry e : usable ? fresh.entries() : ds.catalog().entries()) {
            if (!e.ok() || (!classNames.contains(e.label()) && !buckets.contains(e.label()))) {
                continue;
            }
            tiles.add(tile(ds, e, decisions.get(e.sha256())));
        }
        Comparator<ImageTile> order = report == null ? Comparator.comparing(ImageTile::path)
                : Comparator.comparingDouble(ImageTile::score).reversed().thenComparing(ImageTile::path);
        tiles.sort(order);
        allTiles = tiles;
        refilter(!newPass);
        newPass = false;
        canUndo.set(ds.journal().canUndo() || (!sessionDecisions.isEmpty() && sessionDecisions.peekLast() != A_MOVE));
        canRedo.set(ds.journal().canRedo() || (!undoneDecisions.isEmpty() && undoneDecisions.peekLast() != A_MOVE));
        roundsModel.reload(ds.catalog());
        backAndForth = ds.journal().moveCounts().entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
        lastStatusScan = scan;
        updateStatus();
    }

    private ScanReport lastStatusScan;

    /** The status line: the dataset, the pass (selection, decided so far), the queue's precision, errors left. */
    private void updateStatus() {
        OpenedDataset ds = dataset;
        if (ds == null || lastStatusScan == null) {
            return;
        }
        status.set(statusLine(ds, lastStatusScan));
    }

    private ImageTile tile(OpenedDataset ds, CatalogEntry e, String decision) {
        return ReviewQueue.tile(e, ds.layout().resolve(e.path()), report == null ? null : scores.get(e.sha256()),
                report == null ? List.of() : report.classes(), decision);
    }

    /** Applies the queue, filters and sort afresh: a new pass. */
    private void refilter() {
        refilter(false);
    }

    /**
     * Builds what the grid shows; with {@code keepPass}, in the order of the pass under way (decided tiles stay
     * in place, images new to the queue go to the end).
     */
    private void refilter(boolean keepPass) {
        ReviewQueue.Filters filters = new ReviewQueue.Filters(queue.get(), selectedClass.get(), pair.get(),
                search.get() == null ? "" : search.get().trim().toLowerCase(Locale.ROOT), showReviewed.get(),
                confidenceAtMost.get(), sort.get(), backAndForth);
        List<ImageTile> shown = ReviewQueue.filter(allTiles, filters);
        if (keepPass && pass != null) {
            shown = pass.arrange(allTiles, shown);
        } else {
            pass = ReviewPass.of(shown);
        }
        Set<String> shownPaths = new java.util.HashSet<>();
        shown.forEach(t -> shownPaths.add(t.path()));
        List<String> keepSelected = selection.stream().filter(shownPaths::contains).toList();
        images.setAll(shown);
        selection.setAll(keepSelected);
        emptyReason.set(shown.isEmpty() && dataset != null
                ? ReviewQueue.whyEmpty(allTiles.isEmpty(), report != null, filters) : "");
        if (focus.get() >= images.size()) {
            focus.set(images.size() - 1);
        }
    }

    /** Why the grid is empty, or empty when it is not. */
    public ReadOnlyStringProperty emptyReasonProperty() {
        return emptyReason.getReadOnlyProperty();
    }

    private String statusLine(OpenedDataset ds, ScanReport scan) {
        int total = allTiles.size();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d images in %d classes", total,
                ds.layout().classesOnDisk().size()));
        if (selection.size() > 1) {
            s.append(String.format(Locale.ROOT, " · %d selected", selection.size()));
        }
        if (report != null && !images.isEmpty()) {
            long decided = images.stream().filter(ImageTile::reviewed).count();
            s.append(String.format(Locale.ROOT, " · reviewed %d of %d %s", decided, images.size(),
                    queue.get() == Queue.ALL ? "shown" : queue.get().toString().toLowerCase(Locale.ROOT)));
        }
        if (!scan.skipped().isEmpty()) {
            s.append(String.format(Locale.ROOT, " · %d file(s) skipped", scan.skipped().size()));
        }
        if (scan.conflictingDuplicates() > 0) {
            s.append(String.format(Locale.ROOT, " · %d identical across classes", scan.conflictingDuplicates()));
        }
        ReviewLog.Stats stats = reviews.stats();
        if (stats.reviewed() > 0) {
            s.append(String.format(Locale.ROOT, " · %d reviewed, %d moved (precision %.0f%%)", stats.reviewed(),
                    stats.moved(), 100 * stats.precision()));
        }
        if (report != null) {
            long left = Math.max(0, report.totalEstimatedErrors() - movedSinceScoring);
            s.append(String.format(Locale.ROOT, " · ~%d errors left · judge: %s", left,
                    judge.isLargeModel() ? backboneName : judge.name()));
            if (stats.mostlyFalseAlarms()) {
                s.append(" · the remaining suspects are mostly false alarms");
            }
        }
        return s.toString();
    }

    // ------------------------------------------------------------------ long work

    private <T> void run(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess, String cancelledMessage) {
        tasks.run(task, onSuccess, cancelledMessage, text -> { });
    }

    private <T> void run(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess, String cancelledMessage,
                         java.util.function.Consumer<String> alsoOnFailure) {
        tasks.run(task, onSuccess, cancelledMessage, alsoOnFailure);
    }

    private <T> void runQuick(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess) {
        tasks.runQuick(task, onSuccess);
    }

    private void decide(Runnable decision) {
        tasks.decide(decision);
    }

    /** Whether a decision is still being carried out or waits its turn (for tests and tools). */
    boolean decisionsPending() {
        return tasks.decisionsPending();
    }

    /** How the window shows work that ended badly: one sentence, the records re-read. */
    private final class TaskOutcome implements TaskRunner.Outcome {
        @Override
        public void progressed() {
            roundsModel.drainSteps();
        }

        @Override
        public void failed(String text, Throwable e, boolean quick) {
            error.set(text);
            message.set(text);
            if (!quick && e instanceof EngineException && text.startsWith("Could not download the ImageNet weights")) {
                judge.downloadFailed(text);
            }
            if (dataset != null) {
                refresh();
            } else if (!quick) {
                status.set(text);
            }
        }

        @Override
        public void cancelled(String text) {
            message.set(text);
            if (dataset != null) {
                refresh();
            } else {
                status.set(text);
            }
        }
    }

    /** Shows a one-line message in the status bar (for views with something to tell). */
    void say(String text) {
        message.set(text);
    }

    /** Cancels the work in progress, if any. */
    public void cancel() {
        tasks.cancel();
    }

    private RecentDatasets recent;

    /** Remembers opened datasets in {@code recent} (the window's File → Recent menu reads it). */
    void rememberRecentIn(RecentDatasets recent) {
        this.recent = recent;
    }

    /** The datasets opened most recently, newest first. */
    public List<Path> recentDatasets() {
        return recent == null ? List.of() : recent.list();
    }

    private static final String VIEW_FILE = "view.properties";

    /** Saves what the grid shows (queue, class, filter) so that reopening the dataset shows it again. */
    private void saveView(OpenedDataset ds) {
        java.util.Properties view = new java.util.Properties();
        view.setProperty("queue", queue.get().name());
        view.setProperty("class", selectedClass.get() == null ? "" : selectedClass.get().name());
        view.setProperty("search", search.get() == null ? "" : search.get());
        view.setProperty("showReviewed", String.valueOf(showReviewed.get()));
        if (fingerprint != null && report != null && judge.isLargeModel()) {
            view.setProperty("judge.fingerprint", fingerprint);
            view.setProperty("judge.name", backboneName);
        }
        try (java.io.Writer w = java.nio.file.Files.newBufferedWriter(ds.layout().stateDir().resolve(VIEW_FILE))) {
            view.store(w, "Loupe's view of this dataset");
        } catch (java.io.IOException e) {
            // losing the view is harmless
        }
    }

    private void restoreView(OpenedDataset ds) {
        Path file = ds.layout().stateDir().resolve(VIEW_FILE);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return;
        }
        java.util.Properties view = new java.util.Properties();
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file)) {
            view.load(r);
        } catch (java.io.IOException e) {
            return;
        }
        restoreRanking(ds, view, lastScan);
        search.set(view.getProperty("search", ""));
        showReviewed.set(Boolean.parseBoolean(view.getProperty("showReviewed", "true")));
        String chosen = view.getProperty("class", "");
        selectedClass.set(classes.stream().filter(c -> c.name().equals(chosen)).findFirst().orElse(null));
        try {
            Queue q = Queue.valueOf(view.getProperty("queue", "ALL"));
            // Queues that need scores only make sense once the dataset is scored again.
            queue.set(q == Queue.ALL || q == Queue.BACK_AND_FORTH || report != null ? q : Queue.ALL);
        } catch (IllegalArgumentException e) {
            queue.set(Queue.ALL);
        }
    }

    /** Releases the dataset (remembering the view). */
    public void close() {
        cancel();
        if (dataset != null) {
            saveView(dataset);
            dataset.close();
            dataset = null;
        }
    }

    // ------------------------------------------------------------------ properties

    public Optional<ScanReport> scan() {
        return Optional.ofNullable(lastScan);
    }

    /** Thumbnails of the open dataset, cached on disk under {@code .loupe/thumbnails/}. */
    public Optional<dev.loupe.imaging.ThumbnailCache> thumbnailCache() {
        return Optional.ofNullable(dataset).map(ds -> new dev.loupe.imaging.ThumbnailCache(
                ds.layout().stateDir().resolve("thumbnails"), 128));
    }

    /** The open dataset, for actions (export, retrain) that the window runs through this model. */
    Optional<OpenedDataset> dataset() {
        return Optional.ofNullable(dataset);
    }

    public Optional<ScoreReport> scoreReport() {
        return Optional.ofNullable(report);
    }

    /** Names a key press can move to: classes in sidebar order (1..9), then the buckets. */
    public List<String> targets() {
        return classes.stream().map(ClassSummary::name).toList();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The outcome of the last action, for a transient notice. */
    /** The long work in progress, as the status bar shows it next to its progress bar and Cancel. */
    public ReadOnlyStringProperty taskTextProperty() {
        return tasks.taskTextProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return tasks.progressProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return tasks.busyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRedoProperty() {
        return canRedo.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty scoredProperty() {
        return scored.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty focusProperty() {
        return focus.getReadOnlyProperty();
    }

    public ObservableList<ClassSummary> classes() {
        return classesView;
    }

    public ObservableList<ImageTile> images() {
        return imagesView;
    }

    public ObservableList<String> selection() {
        return selectionView;
    }

    /** The class the grid is limited to, or null for every class. */
    public ObjectProperty<ClassSummary> selectedClassProperty() {
        return selectedClass;
    }

    /**
     * Lets round {@code n}'s model judge from now on (its features score the dataset), and re-scores. The
     * original large model stays the judge until this is called.
     */
    public void useRoundAsJudge(int n) {
        if (dataset == null) {
            return;
        }
        judge.useRound(dev.loupe.rounds.RoundHistory.bundleDir(dataset.layout(), n), n);
        score();
    }

    /** Gives the judging back to the original large model, and re-scores. */
    public void useOriginalJudge() {
        judge.useLargeModel();
        score();
    }

    /** The settings of the latest round, to start the next one from (remembered per dataset). */
    public Optional<dev.loupe.rounds.RetrainConfig> lastRetrainConfig() {
        return roundsModel.lastRetrainConfig();
    }

    /** A round's metrics and what changed since the round before, as text for the Rounds tab. */
    public String roundReport(int n) {
        return roundsModel.roundReport(n);
    }

    /** Which model scores the dataset. */
    public ReadOnlyStringProperty judgeProperty() {
        return judge.nameProperty();
    }

    /** Every retraining round of the dataset, oldest first. */
    public ObservableList<dev.loupe.rounds.RoundRecord> rounds() {
        return roundsModel.rounds();
    }

    /** Loss and accuracy points of the round being trained (fine-tuning), as they arrive. */
    public ObservableList<dev.loupe.engine.FineTuner.Step> trainingSteps() {
        return roundsModel.trainingSteps();
    }

    /** The class-pair page shown, or null for all. */
    public ObjectProperty<ClassPair> pairProperty() {
        return pair;
    }

    /** Class pairs with estimated label errors, most first (after scoring). */
    public ObservableList<ClassPair> pairs() {
        return pairsView;
    }

    public ObjectProperty<Queue> queueProperty() {
        return queue;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public BooleanProperty showReviewedProperty() {
        return showReviewed;
    }

    public ObjectProperty<Sort> sortProperty() {
        return sort;
    }

    /** Shows only images the model is at most this sure of (1 shows all; unscored images always show). */
    public javafx.beans.property.DoubleProperty confidenceAtMostProperty() {
        return confidenceAtMost;
    }
}

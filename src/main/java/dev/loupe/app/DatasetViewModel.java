package dev.loupe.app;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.ScanReport;
import dev.loupe.engine.EngineException;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.issues.ReviewLog;
import dev.loupe.issues.ScoreReport;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The review window's model: the open dataset, its class list and the grid built from the catalog and the
 * latest ranking, and the one place the window's parts meet. Each part has its own model with one job:
 * {@link GridSelection} (selection and focus), {@link ReviewQueue} and {@link ReviewPass} (what the grid shows,
 * in which order), {@link ReviewActions} (move, keep, undo, redo), {@link Ranking} (the judge's scores),
 * {@link JudgeViewModel} (which model judges, its weights), {@link RoundsViewModel} (retraining and the
 * comparison), {@link TaskRunner} (long work, its progress and cancellation), {@link SavedView} and
 * {@link StatusLine}; and the parts built on the judge's features: {@link MapModel} (the Map tab),
 * {@link ClusterQueue} (duplicate clusters), {@link SplitLeakageModel}, {@link ClassHealth} and {@link ClassEdits}
 * (the Classes tab), {@link ClusterImport} (a cluster run's features). This class wires them: it opens and closes datasets, rebuilds the grid after every change,
 * and offers the views one facade. Long work runs on the injected {@link TaskExecutor}; catalog reads after a
 * change happen on the background thread. Knows no {@code Node}; tested without a screen.
 *
 * <p>Longer than the house limit because it is the views' one facade: about half of it is the properties the
 * views bind to and the small host adapters through which the parts reach the open dataset.
 */
public final class DatasetViewModel {

    private final TaskExecutor executor;
    private final TaskRunner tasks;
    private final JudgeViewModel judge;
    private final Ranking ranking = new Ranking();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Loupe");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Open a dataset folder (File → Open)");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper emptyReason = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper scored = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper datasetOpen = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<ClassSummary> classes = FXCollections.observableArrayList();
    private final ObservableList<ImageTile> images = FXCollections.observableArrayList();
    private final ObservableList<ClassSummary> classesView = FXCollections.unmodifiableObservableList(classes);
    private final ObservableList<ImageTile> imagesView = FXCollections.unmodifiableObservableList(images);
    private final GridSelection grid = new GridSelection(imagesView);
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
    private final ReviewActions actions = new ReviewActions(new ReviewActions.Host() {
        @Override
        public OpenedDataset dataset() {
            return dataset;
        }

        @Override
        public ReviewLog reviews() {
            return reviews;
        }

        @Override
        public GridSelection selection() {
            return grid;
        }

        @Override
        public Ranking ranking() {
            return ranking;
        }

        @Override
        public TaskRunner tasks() {
            return tasks;
        }

        @Override
        public void preload(OpenedDataset ds) {
            DatasetViewModel.this.preload(ds);
        }

        @Override
        public void discardPreloaded() {
            preloaded = null;
        }

        @Override
        public void refresh() {
            DatasetViewModel.this.refresh();
        }

        @Override
        public void rerank() {
            DatasetViewModel.this.rerank();
        }

        @Override
        public void say(String text) {
            message.set(text);
        }
    });

    private final OutsideChanges outside;
    private OpenedDataset dataset;
    private ScanReport lastScan;
    private ReviewLog reviews;
    private List<ImageTile> allTiles = List.of();
    private Set<String> backAndForth = Set.of();
    /** The look-alikes queue: content hash → similarity to the images chosen (1 for those themselves). */
    private Map<String, Double> lookAlikes = Map.of();
    private final ObservableList<ClassHealth> health = FXCollections.observableArrayList();
    private final ObservableList<ClassHealth> healthView = FXCollections.unmodifiableObservableList(health);
    /** The duplicate-clusters queue. */
    private final ClusterQueue clusters = new ClusterQueue();
    /** The listed queues (picked on the map, leaking pairs): content hash → place in the list, and captions. */
    private Map<String, Integer> listed = Map.of();
    private Map<String, String> listedCaptions = Map.of();
    /** Split leakage, for the Rounds tab. */
    private final SplitLeakageModel leakage = new SplitLeakageModel(new LeakageHost());

    /** The open dataset, the judge's features and the images, as the parts built on the features read them. */
    private abstract class Judged implements JudgedImages {
        @Override
        public OpenedDataset dataset() {
            return dataset;
        }

        @Override
        public String fingerprint() {
            return ranking.canRerank() ? ranking.fingerprint() : null;
        }

        @Override
        public List<ImageTile> tiles() {
            return allTiles;
        }
    }

    /** What split leakage reads and does. */
    private final class LeakageHost extends Judged implements SplitLeakageModel.Host {
        @Override
        public int[] splitPercentages() {
            return roundsModel.lastRetrainConfig().map(c -> new int[] {c.validationPercent(), c.testingPercent()})
                    .orElse(new int[] {10, 10});
        }

        @Override
        public <T> void runQuick(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess) {
            tasks.runQuick(task, onSuccess);
        }

        @Override
        public void showPairs(List<String> ordered, Map<String, String> captions) {
            showListed(Queue.LEAKAGE, ordered, captions);
            message.set(ordered.isEmpty() ? "No leaking pair is left." : ordered.size() / 2 + " leaking pair(s), pair "
                    + "by pair: set one of each aside with X (or move it), or keep both with K.");
        }
    }
    private boolean leakageShown;
    /** The Map tab: every image as a point of the judge's feature map. */
    private final MapModel map = new MapModel(new MapHost());

    /** What the map reads and does. */
    private final class MapHost extends Judged implements MapModel.Host {
        @Override
        public List<String> classOrder() {
            return targets();
        }

        @Override
        public Set<String> selectedPaths() {
            return Set.copyOf(grid.paths());
        }

        @Override
        public boolean busy() {
            return tasks.busy();
        }

        @Override
        public <T> void run(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess, Runnable otherwise) {
            DatasetViewModel.this.run(task, onSuccess, "The map was not drawn.", text -> otherwise.run());
        }

        @Override
        public void pick(List<ImageTile> tiles, boolean add) {
            pickFromMap(tiles, add);
        }

        @Override
        public void focus(ImageTile tile) {
            focusFromMap(tile);
        }
    }
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
        this.outside = new OutsideChanges(executor, new OutsideChanges.Host() {
            @Override
            public OpenedDataset dataset() {
                return dataset;
            }

            @Override
            public boolean busy() {
                return tasks.busy();
            }

            @Override
            public void scanned(ScanReport report) {
                lastScan = report;
            }

            @Override
            public void discardPreloaded() {
                preloaded = null;
            }

            @Override
            public void refresh() {
                DatasetViewModel.this.refresh();
            }

            @Override
            public void say(String text) {
                message.set(text);
            }
        });
        selectedClass.addListener((obs, old, now) -> refilter());
        grid.paths().addListener((javafx.collections.ListChangeListener<String>) c -> {
            updateStatus();
            map.selectionChanged();
        });
        queue.addListener((obs, old, now) -> {
            refilter();
            if (now == Queue.CLUSTERS) {
                findClusters();
            }
        });
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
        datasetOpen.set(true);
        title.set("Loupe — " + layout.root().getFileName());
        error.set("");
        message.set("");
        classes.clear();
        images.clear();
        grid.clear();
        ranking.clear();
        actions.clear();
        outside.clear();
        lookAlikes = Map.of();
        listed = Map.of();
        listedCaptions = Map.of();
        clusters.clear();
        leakage.clear();
        map.clear();
        roundsModel.clear();
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
                    SavedView.read(opened.layout().stateDir()).ifPresent(view -> restoreView(opened, view));
                    if (recent != null) {
                        recent.add(opened.layout().root());
                    }
                    if (!opened.recovered().isEmpty()) {
                        message.set("Finished " + opened.recovered().size() + " move(s) interrupted last time.");
                    }
                    judge.check();
                }, "Scan cancelled; open the folder again to continue.");
    }

    /** Shows what the grid showed when the dataset was closed, and the last large model's ranking again. */
    private void restoreView(OpenedDataset ds, SavedView view) {
        restoreRanking(ds, view, lastScan);
        search.set(view.search());
        showReviewed.set(view.showReviewed());
        selectedClass.set(classes.stream().filter(c -> c.name().equals(view.className())).findFirst().orElse(null));
        // Queues that need scores only make sense once the dataset is scored again.
        Queue q = view.queue() == Queue.SIMILAR ? Queue.SUSPECTS : view.queue(); // look-alikes are not saved
        queue.set(q == Queue.ALL || q == Queue.BACK_AND_FORTH || ranking.ranked() ? q : Queue.ALL);
    }

    /** Remembers what the grid shows (queue, class, filter) and which large model ranked it. */
    private void saveView(OpenedDataset ds) {
        boolean byLargeModel = ranking.canRerank() && judge.isLargeModel();
        new SavedView(queue.get(), selectedClass.get() == null ? "" : selectedClass.get().name(),
                search.get() == null ? "" : search.get(), showReviewed.get(),
                byLargeModel ? ranking.fingerprint() : "", byLargeModel ? ranking.judgeName() : "")
                .write(ds.layout().stateDir());
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

    private static final String SCORING_CANCELLED =
            "Scoring cancelled; features computed so far are kept, so the next run continues from there.";

    /** Featurizes what is not cached yet and ranks label issues; the grid then shows the suspects first. */
    public void score() {
        score(text -> { });
    }

    /** The same; {@code onFailure} hears the one-sentence reason when scoring fails. */
    private void score(java.util.function.Consumer<String> onFailure) {
        if (dataset == null) {
            return;
        }
        OpenedDataset ds = dataset;
        run(Ranking.score(ds, judge.current()), result -> {
            ranked(result.report(), result.fingerprint(), result.judgeName());
            queue.set(Queue.SUSPECTS);
            refresh();
            grid.focusAt(0);
            saveView(ds);
            String notices = judge.takeNotices();
            message.set(String.format(Locale.ROOT, "Scored with %s: %d suspects, ~%d label errors estimated.%s",
                    result.judgeName(), images.size(), result.report().totalEstimatedErrors(),
                    notices.isEmpty() ? "" : " " + notices));
        }, SCORING_CANCELLED, onFailure);
    }

    /** A new ranking by a judge: the grid starts a new pass over it. */
    private void ranked(ScoreReport result, String fingerprint, String judgeName) {
        ranking.accept(result, fingerprint, judgeName);
        scored.set(true);
        updatePairs();
        newPass = true;
    }

    /**
     * On re-opening a scored dataset: the last judge's ranking again, from its cached features (about a second
     * for 10,000 images, in the background), so the grid does not start unranked. Images added since have no
     * score until the next Score; the message says how many files changed since.
     */
    private void restoreRanking(OpenedDataset ds, SavedView view, ScanReport scan) {
        String key = view.judgeFingerprint();
        String name = view.judgeName();
        if (key.isEmpty()) {
            return;
        }
        BackgroundTask<ScoreReport> task = Ranking.rankFromCache(ds, key, "Ranking with the last judge");
        task.onSuccess(result -> {
            if (dataset != ds || result == null || ranking.ranked()) {
                return;
            }
            ranked(result, key, name);
            Queue wanted = queue.get();
            refresh();
            queue.set(wanted == Queue.ALL ? Queue.SUSPECTS : wanted);
            refilter();
            grid.focusAt(0);
            int changed = scan.added().size() + scan.modified().size() + scan.removed().size() + scan.renamed().size();
            message.set("The last ranking (" + name + "), from its cached features" + (changed == 0 ? "."
                    : "; " + changed + " file(s) changed on disk since: Score again to judge new images."));
        }).onFailure(e -> message.set("The last ranking could not be restored: " + e.getMessage()
                + ". Score to rank again."));
        executor.execute(task);
    }

    /**
     * Ranks again from cached features (about a second for 10,000 images) after labels changed, without
     * blocking the window or taking the selection away; suspects new to the queue join the pass at its end.
     */
    private void rerank() {
        if (!ranking.canRerank() || dataset == null) {
            return;
        }
        if (reranking != null) {
            reranking.cancel();
        }
        OpenedDataset ds = dataset;
        BackgroundTask<ScoreReport> task = Ranking.rankFromCache(ds, ranking.fingerprint(), "Re-ranking");
        task.onSuccess(result -> {
            if (reranking != task || dataset != ds) {
                return;
            }
            reranking = null;
            if (result == null) {
                return;
            }
            ranking.accept(result);
            updatePairs();
            int keep = grid.focusIndex();
            List<String> selected = List.copyOf(grid.paths());
            int before = pass == null ? 0 : pass.newcomers();
            refresh();
            grid.restore(selected, keep);
            int joined = pass == null ? 0 : pass.newcomers() - before;
            if (joined > 0) {
                message.set(String.format(Locale.ROOT, "Queue updated: %d new suspect(s) at the end. Press R to "
                        + "re-sort the queue by the latest ranking.", joined));
            }
        }).onFailure(e -> reranking = null).onCancelled(() -> { });
        reranking = task;
        executor.execute(task);
    }

    private void updatePairs() {
        List<ClassPair> rows = ranking.pairs();
        ClassPair chosen = pair.get();
        pairs.setAll(rows);
        pair.set(chosen == null ? null : rows.stream().filter(r -> r.filed().equals(chosen.filed())
                && r.looks().equals(chosen.looks())).findFirst().orElse(null));
    }

    // ------------------------------------------------------------------ decisions

    /**
     * Moves the selected images to {@code label} (a class, {@code _unsure} or {@code _excluded}); those already
     * filed there are marked as kept. The focus goes to the next image not yet decided, in the order shown.
     */
    public void moveSelection(String label) {
        actions.move(label);
    }

    /** Marks the selected images as reviewed with their label kept, and moves on to the next undecided one. */
    public void keepSelection() {
        actions.keep();
    }

    /** Takes back the newest decision (a keep or a move). */
    public void undo() {
        actions.undo();
    }

    /** Does the decision taken back last once more. */
    public void redo() {
        actions.redo();
    }

    /** How many look-alikes {@link #showLookAlikes()} lists. */
    static final int LOOK_ALIKES = 200;

    /**
     * "More like this" (the L key): the grid shows the selected images and the {@value #LOOK_ALIKES} images whose
     * features are closest to them, most similar first, each with its similarity; the class picked in the sidebar
     * limits them to those filed there. Every decision key works on them; a selection moves as one undo step.
     */
    public void showLookAlikes() {
        List<ImageTile> chosen = grid.selectedTiles();
        if (dataset == null) {
            return;
        }
        if (chosen.isEmpty()) {
            message.set("Select an image first (click it), then press L for its look-alikes.");
            return;
        }
        if (!ranking.canRerank()) {
            message.set("Score the dataset first: look-alikes are found by the judge's features.");
            return;
        }
        OpenedDataset ds = dataset;
        String key = ranking.fingerprint();
        Set<String> paths = new java.util.HashSet<>();
        chosen.forEach(t -> paths.add(t.path()));
        List<dev.loupe.issues.SimilarImages.Candidate> candidates = allTiles.stream()
                .map(t -> new dev.loupe.issues.SimilarImages.Candidate(t.path(), t.sha256(), t.label())).toList();
        String what = chosen.size() == 1 ? chosen.get(0).path() : chosen.size() + " selected images";
        tasks.runQuick(new BackgroundTask<>("Finding look-alikes", (listener, cancel) -> {
            try (dev.loupe.features.FeatureCache cache = dev.loupe.features.FeatureCache.open(ds.layout())) {
                return dev.loupe.issues.SimilarImages.like(paths, candidates, cache.vectors(key), LOOK_ALIKES,
                        c -> true);
            }
        }), found -> {
            if (dataset != ds) {
                return;
            }
            Map<String, Double> similar = new java.util.HashMap<>();
            // Rounding can put a look-alike a hair above 1; the chosen images rank first (shown as 1.00).
            found.forEach(m -> similar.merge(m.image().sha256(), Math.min(1.0, m.similarity()), Math::max));
            chosen.forEach(t -> similar.put(t.sha256(), Math.nextUp(1.0)));
            lookAlikes = similar;
            if (queue.get() == Queue.SIMILAR) {
                refilter();
            } else {
                queue.set(Queue.SIMILAR);
            }
            grid.focusAt(0);
            message.set("Look-alikes of " + what + ", most similar first. Pick a class in the sidebar to see only "
                    + "those filed there; Show: Suspects to go back.");
        });
    }

    /** The grid shows the images picked on the map (with {@code add}, also those picked before), all selected. */
    private void pickFromMap(List<ImageTile> tiles, boolean add) {
        List<String> chosen = new ArrayList<>(add && queue.get() == Queue.PICKED ? listed.keySet() : Set.of());
        tiles.forEach(t -> chosen.add(t.sha256()));
        showListed(Queue.PICKED, chosen, Map.of());
        grid.selectAll(); // focusing selects the first; the pick is all of them
        message.set(images.isEmpty() ? "No image inside the lasso."
                : images.size() + " image(s) picked on the map and selected: 1-9, U, X, K decide on all of them "
                + "(one undo); the Review tab pages through them.");
    }

    /** The grid shows the listed queue {@code which}: {@code ordered} (content hashes), all classes, the focus first. */
    private void showListed(Queue which, List<String> ordered, Map<String, String> captions) {
        Map<String, Integer> place = new java.util.HashMap<>();
        ordered.forEach(sha -> place.putIfAbsent(sha, place.size()));
        listed = Map.copyOf(place);
        listedCaptions = Map.copyOf(captions);
        selectedClass.set(null);
        pair.set(null);
        if (queue.get() == which) {
            refilter();
        } else {
            queue.set(which);
        }
        grid.focusAt(0);
    }

    /** Split leakage: the Rounds tab's line and its pairs. */
    SplitLeakageModel leakage() {
        return leakage;
    }

    /** Whether the Rounds tab is showing: the split is checked for leakage when it is, and after changes. */
    void setRoundsShown(boolean shown) {
        leakageShown = shown;
        if (shown) {
            leakage.refresh();
        }
    }

    /** Per class: images, estimated errors, suspects left, duplicate clusters, the class most confused with. */
    ObservableList<ClassHealth> classHealth() {
        return healthView;
    }

    private void updateHealth() {
        health.setAll(ClassHealth.of(classes, allTiles, ranking.pairs(), clusters.places(),
                ranking.canRerank() && clusters.current(ranking.fingerprint())));
    }

    /** Whether the Classes tab is showing: the duplicate clusters are found for it when it is. */
    void setClassesShown(boolean shown) {
        if (shown && dataset != null && ranking.canRerank() && !clusters.current(ranking.fingerprint())) {
            findClusters(false);
        }
    }

    /** Merges class {@code from} into {@code into} (see {@link ClassEdits#merge}); one undo takes it back. */
    public void mergeClass(String from, String into) {
        if (dataset != null) {
            ClassEdits.merge(dataset, allTiles, actions, from, into).ifPresent(message::set);
        }
    }

    /** Renames class {@code from} to {@code to} (see {@link ClassEdits#rename}); one undo takes it back. */
    public void renameClass(String from, String to) {
        if (dataset != null) {
            ClassEdits.rename(dataset, allTiles, actions, from, to).ifPresent(message::set);
        }
    }

    /** The grid shows the leaking pairs (the Rounds tab's Show button). */
    void showLeakage() {
        leakage.show();
    }

    /** A point clicked on the map: its image selected and focused in the grid, shown first if filters hid it. */
    private void focusFromMap(ImageTile tile) {
        boolean shown = images.stream().anyMatch(t -> t.path().equals(tile.path()));
        if (!shown) {
            selectedClass.set(null);
            pair.set(null);
            search.set("");
            confidenceAtMost.set(1.0);
            showReviewed.set(true);
            queue.set(Queue.ALL);
        }
        grid.select(tile.path(), SelectMode.REPLACE);
        message.set(tile.path() + ": filed as " + tile.label() + (tile.predicted() == null ? ""
                : String.format(Locale.ROOT, ", looks like %s (%.0f%%)", tile.predicted(), 100 * tile.confidence()))
                + ". Decide with 1-9, U, X, K; double-click to see it in the Review tab.");
    }

    /** The Map tab's model. */
    MapModel mapModel() {
        return map;
    }

    /** Finds the duplicate clusters from the judge's cached features, unless they are known (Show: Duplicate clusters). */
    private void findClusters() {
        findClusters(true);
    }

    private void findClusters(boolean announce) {
        if (dataset == null) {
            return;
        }
        if (!ranking.canRerank()) {
            message.set("Score the dataset first: duplicate clusters are found by the judge's features.");
            return;
        }
        String key = ranking.fingerprint();
        if (clusters.current(key)) {
            return;
        }
        OpenedDataset ds = dataset;
        tasks.runQuick(ClusterQueue.find(ds, key, allTiles), found -> {
            if (dataset != ds || !key.equals(ranking.fingerprint())) {
                return;
            }
            clusters.accept(found, key);
            clusters.relabel(allTiles);
            updateHealth();
            if (queue.get() == Queue.CLUSTERS) {
                refilter();
                grid.focusAt(0);
            }
            if (!announce) {
                return;
            }
            message.set(clusters.clusters() == 0 ? "No duplicates: no two images are the same picture."
                    : clusters.clusters() + " duplicate cluster(s), " + clusters.acrossClasses() + " across classes (shown "
                    + "first: a label there is wrong). D keeps the focused image and sets the rest of its cluster "
                    + "aside in _excluded; or decide image by image.");
        });
    }

    /**
     * The D key in the duplicate clusters: keeps the focused image and sets the other images of its cluster aside
     * in {@code _excluded}, as one journal step (one undo); the focus goes on to the next cluster.
     */
    public void keepOneOfCluster() {
        Optional<ImageTile> focusedTile = grid.focused();
        if (dataset == null || focusedTile.isEmpty()) {
            return;
        }
        ImageTile keeper = focusedTile.get();
        if (clusters.places().get(keeper.sha256()) == null) {
            message.set(queue.get() == Queue.CLUSTERS ? keeper.name() + " has no duplicate."
                    : "D works in Show: Duplicate clusters: it keeps the focused image of a cluster and sets the rest "
                    + "aside.");
            return;
        }
        List<ImageTile> others = clusters.othersOf(keeper, allTiles);
        if (others.isEmpty()) {
            message.set("The rest of this cluster is already in _excluded.");
            return;
        }
        actions.move(others, DatasetLayout.EXCLUDED, keeper.sha256());
    }

    /**
     * The line under a tile that the queue shown adds: its place among the duplicate clusters ("keep · cluster 3 ·
     * road+not-road"), or its leaking pair ("pair 2 · test ~ train 0.998").
     */
    public Optional<String> queueCaption(ImageTile tile) {
        return switch (queue.get()) {
            case CLUSTERS -> clusters.caption(tile);
            case LEAKAGE -> Optional.ofNullable(listedCaptions.get(tile.sha256()));
            default -> Optional.empty();
        };
    }

    /** A tile's similarity to the chosen images while the look-alikes show, else empty. */
    public java.util.OptionalDouble similarityOf(ImageTile tile) {
        Double s = queue.get() == Queue.SIMILAR ? lookAlikes.get(tile.sha256()) : null;
        return s == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(s);
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
        grid.focusAt(ReviewPass.nextUndecided(images, -1));
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







    /**
     * Scans the dataset again (cheap when nothing changed) so that files added, removed or renamed by other
     * programs show up; the window calls it whenever it regains focus.
     */
    public void rescan() {
        outside.rescan(false);
    }

    /**
     * Re-reads the dataset when another process (a {@code loupe move} in a terminal, another window) changed
     * its catalog since the window last looked; the window polls this every few seconds. Cheap: one query.
     */
    public void checkForOutsideChanges() {
        outside.check();
    }

    // ------------------------------------------------------------------ selection

    public void select(String path, SelectMode mode) {
        grid.select(path, mode);
    }

    public void selectAll() {
        grid.selectAll();
    }

    /** Rubber-band selection (see {@link GridSelection#selectBand}). */
    public void selectBand(java.util.Collection<String> kept, java.util.Collection<String> banded) {
        grid.selectBand(kept, banded);
    }

    /** Moves the focus by {@code delta} tiles and selects the tile there. */
    public void moveFocus(int delta) {
        grid.moveFocus(delta);
    }

    public List<ImageTile> selectedTiles() {
        return grid.selectedTiles();
    }

    public Optional<ImageTile> focused() {
        return grid.focused();
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
            tiles.add(ReviewQueue.tile(e, ds.layout().resolve(e.path()), ranking.scoreOf(e.sha256()),
                    ranking.classes(), decisions.get(e.sha256())));
        }
        Comparator<ImageTile> order = !ranking.ranked() ? Comparator.comparing(ImageTile::path)
                : Comparator.comparingDouble(ImageTile::score).reversed().thenComparing(ImageTile::path);
        tiles.sort(order);
        allTiles = tiles;
        clusters.relabel(tiles);
        updateHealth();
        refilter(!newPass);
        newPass = false;
        canUndo.set(actions.canUndo(ds));
        canRedo.set(actions.canRedo(ds));
        roundsModel.reload(ds.catalog());
        backAndForth = ds.journal().moveCounts().entrySet().stream().filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
        updateStatus();
        map.refresh();
        if (leakageShown) {
            leakage.refresh();
        }
        if (queue.get() == Queue.CLUSTERS && ranking.canRerank() && !clusters.current(ranking.fingerprint())) {
            findClusters(); // the judge changed: its features group the images anew
        }
    }

    /** The status line: the dataset, the pass (selection, decided so far), the queue's precision, errors left. */
    private void updateStatus() {
        OpenedDataset ds = dataset;
        if (ds == null || lastScan == null) {
            return;
        }
        String judgeName = !ranking.ranked() ? null : judge.isLargeModel() ? ranking.judgeName() : judge.name();
        status.set(new StatusLine(allTiles.size(), ds.layout().classesOnDisk().size(), grid.size(), images,
                queue.get(), lastScan, reviews.stats(), judgeName, ranking.errorsLeft()).text());
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
                confidenceAtMost.get(), sort.get(), backAndForth, lookAlikes, listed, clusters.places());
        List<ImageTile> shown = ReviewQueue.filter(allTiles, filters);
        if (keepPass && pass != null) {
            shown = pass.arrange(allTiles, shown);
        } else {
            pass = ReviewPass.of(shown);
        }
        images.setAll(shown);
        grid.retainShown();
        emptyReason.set(shown.isEmpty() && dataset != null
                ? ReviewQueue.whyEmpty(allTiles.isEmpty(), ranking.ranked(), filters) : "");
    }

    /** Why the grid is empty, or empty when it is not. */
    public ReadOnlyStringProperty emptyReasonProperty() {
        return emptyReason.getReadOnlyProperty();
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
                datasetOpen.set(false); // nothing opened: the start page again, the reason in the status line
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

    /** Releases the dataset (remembering the view). */
    public void close() {
        cancel();
        datasetOpen.set(false);
        if (dataset != null) {
            saveView(dataset);
            dataset.close();
            dataset = null;
        }
    }

    // ------------------------------------------------------------------ properties

    /** Retraining rounds and the architecture comparison: the Rounds tab's model. */
    RoundsViewModel roundsModel() {
        return roundsModel;
    }

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
        return ranking.report();
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

    /** The long work in progress, as the status bar shows it next to its progress bar and Cancel. */
    public ReadOnlyStringProperty taskTextProperty() {
        return tasks.taskTextProperty();
    }

    /** The outcome of the last action, for a transient notice. */
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

    /** Whether a dataset is open (or opening); the start page shows while none is. */
    public ReadOnlyBooleanProperty datasetOpenProperty() {
        return datasetOpen.getReadOnlyProperty();
    }

    /**
     * "Try the sample dataset": opens the sample in {@code folder}, making it first (700 generated road and
     * not-road pictures, 10% of them misfiled, in the background) when the folder has no classes yet.
     */
    public void openSample(Path folder) {
        if (java.nio.file.Files.isDirectory(folder.resolve(dev.loupe.sample.SampleGenerator.ROAD))) {
            open(folder);
            return;
        }
        run(new BackgroundTask<>("Making the sample dataset", (listener, cancel) -> {
            new dev.loupe.sample.SampleGenerator().generate(folder,
                    dev.loupe.sample.SampleGenerator.Options.defaults(700, 0.1, 42), listener, cancel);
            return folder;
        }), this::open, "The sample dataset was not made.");
    }

    public ReadOnlyBooleanProperty scoredProperty() {
        return scored.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty focusProperty() {
        return grid.focusProperty();
    }

    public ObservableList<ClassSummary> classes() {
        return classesView;
    }

    public ObservableList<ImageTile> images() {
        return imagesView;
    }

    public ObservableList<String> selection() {
        return grid.paths();
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

    /**
     * Lets an ONNX model of the user's own judge from now on ("Judge with my own model…"), and re-scores: its
     * features, cached apart from the large model's, rank the suspects.
     */
    public void useOwnModelAsJudge(Path onnx) {
        if (dataset == null) {
            return;
        }
        JudgeViewModel.Choice before = judge.choice();
        judge.useOwnModel(onnx);
        score(text -> {
            if (text.equals(SCORING_CANCELLED)) {
                return; // the user stopped it: this judge stays, and the next Score continues its features
            }
            // A file that cannot judge (not a model, no image input, no feature vector) is not kept as the judge.
            judge.restore(before);
            refresh();
            error.set(text);
            message.set(text + " The judge is " + before.name() + " again.");
        });
    }

    /**
     * File → Import cluster features…: loads a featurize-spark table into this dataset's feature cache. When the
     * features are the window's judge's, the dataset is scored with them at once (nothing is featurized again);
     * otherwise the status line says whose they are.
     */
    public void importClusterFeatures(Path table) {
        if (dataset == null) {
            return;
        }
        String judgeName = judge.name();
        run(ClusterImport.task(dataset, judge.current(), table), outcome -> {
            if (outcome.scoresNow()) {
                score();
            }
            message.set(outcome.message(judgeName));
        }, "Import cancelled: what was read so far is kept.");
    }

    /** Gives the judging back to the original large model, and re-scores. */
    public void useOriginalJudge() {
        judge.useLargeModel();
        score();
    }

    /** Which model scores the dataset. */
    public ReadOnlyStringProperty judgeProperty() {
        return judge.nameProperty();
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

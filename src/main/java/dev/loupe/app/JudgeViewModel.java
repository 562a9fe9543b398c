package dev.loupe.app;

import dev.loupe.engine.EngineException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Which model judges the dataset (the large model, or a round's model) and whether its pretrained weights are
 * there: the banner's text when they are missing, a weights file the user chose, random weights only as an
 * explicit choice. Knows no {@code Node}.
 */
final class JudgeViewModel {

    static final String LARGE_MODEL = "the large model";

    private final TaskExecutor executor;
    private final BackboneFactory largeModel;
    private BackboneFactory current;
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(LARGE_MODEL);
    /** Why the judge would score with random weights (the banner over the grid); empty when all is well. */
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private JudgeWeights weights = new JudgeWeights() {
        @Override
        public Optional<String> missing() {
            return Optional.empty();
        }

        @Override
        public void use(Path file) {
            throw new EngineException("no settings to remember a weights file in");
        }
    };
    private boolean randomAllowed;

    JudgeViewModel(TaskExecutor executor, BackboneFactory largeModel) {
        this.executor = executor;
        this.largeModel = largeModel;
        this.current = largeModel;
    }

    /** What opens the judge's backbone now. */
    BackboneFactory current() {
        return current;
    }

    /** Round {@code n}'s model judges from now on. */
    void useRound(Path bundle, int n) {
        current = (p, c) -> dev.loupe.engine.Backbones.fromBundle(bundle);
        name.set("round " + n + "'s model");
    }

    /** A model of the user's own ({@code onnx:PATH}) judges from now on; what Loupe chose for it goes to the log. */
    void useOwnModel(Path onnx) {
        dev.loupe.engine.BackboneSpec spec = dev.loupe.engine.BackboneSpec.onnx(onnx.toAbsolutePath().toString());
        current = (p, c) -> dev.loupe.engine.ForeignOnnx.open(spec, notice -> {
            LOG.warn(notice);
            synchronized (notices) {
                notices.add(notice.replace("no --preprocess given, ", "")); // the window has no such flag
            }
        });
        // Exported models are all model.onnx: their folder tells them apart.
        Path parent = onnx.toAbsolutePath().getParent();
        String file = onnx.getFileName().toString();
        name.set(file.equalsIgnoreCase("model.onnx") && parent != null && parent.getFileName() != null
                ? parent.getFileName() + "/" + file : file);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JudgeViewModel.class);

    /** What Loupe chose for a model of the user's own where the user said nothing (its preset, its size). */
    private final java.util.List<String> notices = new java.util.ArrayList<>();

    /** The notices since the last call, as one sentence each; empty when there were none. */
    String takeNotices() {
        synchronized (notices) {
            String text = notices.stream().map(n -> n.endsWith(".") ? n : n + ".").collect(
                    java.util.stream.Collectors.joining(" "));
            notices.clear();
            return text;
        }
    }

    /** Who judges: what opens the backbone, and its name. */
    record Choice(BackboneFactory factory, String name) {
    }

    Choice choice() {
        return new Choice(current, name.get());
    }

    /** Back to an earlier judge (one that could not be opened is not kept). */
    void restore(Choice choice) {
        current = choice.factory();
        name.set(choice.name());
    }

    /** The large model judges again. */
    void useLargeModel() {
        current = largeModel;
        name.set(LARGE_MODEL);
    }

    boolean isLargeModel() {
        return LARGE_MODEL.equals(name.get());
    }

    void setWeights(JudgeWeights weights) {
        this.weights = weights;
    }

    boolean randomAllowed() {
        return randomAllowed;
    }

    /** "Score with random weights anyway". */
    void allowRandom() {
        randomAllowed = true;
        problem.set("");
    }

    /**
     * "Choose weights file…": remembered in the settings; afterwards the banner shows what is still missing.
     *
     * @throws EngineException when the file cannot be used or remembered
     */
    void useFile(Path file) {
        weights.use(file);
        problem.set(weights.missing().orElse(""));
    }

    /** Whether nothing keeps the judge from its pretrained weights. */
    boolean ready() {
        return problem.get().isEmpty();
    }

    /** Looks for the weights again (on opening a dataset), off the JavaFX thread. */
    void check() {
        if (randomAllowed) {
            return;
        }
        BackgroundTask<Optional<String>> task = new BackgroundTask<>("Looking for the judge's weights",
                (listener, cancel) -> weights.missing());
        task.onSuccess(missing -> problem.set(missing.orElse("")));
        executor.execute(task);
    }

    /** Scoring could not download the weights: the banner says what is missing (or the download's error). */
    void downloadFailed(String error) {
        problem.set(weights.missing().orElse(error));
    }

    String name() {
        return name.get();
    }

    ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}

package dev.loupe.app;

import dev.loupe.dataset.Catalog;
import dev.loupe.engine.EngineException;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Rounds tab's state and actions: the round history, the live fine-tuning points, the architecture
 * comparison, retraining, exporting a round's model and each round's report. Long work runs through the
 * review's task runner (one progress line, one Cancel), so it is given a {@link Host}. Knows no {@code Node}.
 */
final class RoundsViewModel {

    /** What the rounds need from the review window's model. */
    interface Host {
        /** The open dataset, or null. */
        OpenedDataset dataset();

        /** Runs long work with progress and Cancel in the status bar. */
        <T> void run(BackgroundTask<T> task, java.util.function.Consumer<T> onSuccess, String cancelledMessage);

        /** Opens the current judge's backbone (the one scoring uses). */
        FeatureExtractor openJudge(ProgressListener progress, CancellationToken cancel);

        /** A one-line message. */
        void say(String text);

        /** A request that cannot be carried out, as a message. */
        void refused(String text);

        /** The dataset's records changed: re-read them. */
        void changed();

        /** A round was recorded: say {@code summary}, re-read, re-rank. */
        void roundRecorded(String summary);
    }

    private final Host host;
    private final ObservableList<dev.loupe.rounds.RoundRecord> rounds = FXCollections.observableArrayList();
    private final ObservableList<dev.loupe.engine.FineTuner.Step> trainingSteps = FXCollections.observableArrayList();
    // Read-only views made once and kept: JavaFX's unmodifiable wrapper listens to its source weakly, so a fresh
    // wrapper per call lost its listeners after a garbage collection (the charts stopped plotting).
    private final ObservableList<dev.loupe.rounds.RoundRecord> roundsView = FXCollections.unmodifiableObservableList(rounds);
    private final ObservableList<dev.loupe.engine.FineTuner.Step> trainingStepsView =
            FXCollections.unmodifiableObservableList(trainingSteps);
    private final java.util.concurrent.ConcurrentLinkedQueue<dev.loupe.engine.FineTuner.Step> pendingSteps =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ObservableList<dev.loupe.rounds.ArchitectureComparison.Row> comparison =
            FXCollections.observableArrayList();
    private final ObservableList<dev.loupe.rounds.ArchitectureComparison.Row> comparisonView =
            FXCollections.unmodifiableObservableList(comparison);
    private final java.util.concurrent.ConcurrentLinkedQueue<dev.loupe.rounds.ArchitectureComparison.Row> pendingRows =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private dev.loupe.rounds.ArchitectureComparison.Opener comparisonOpener = (spec, p, c) -> {
        throw new EngineException("no backbone configured for comparisons");
    };

    RoundsViewModel(Host host) {
        this.host = host;
    }

    /** Every retraining round of the dataset, oldest first. */
    ObservableList<dev.loupe.rounds.RoundRecord> rounds() {
        return roundsView;
    }

    /** Loss and accuracy points of the round being trained (fine-tuning), as they arrive. */
    ObservableList<dev.loupe.engine.FineTuner.Step> trainingSteps() {
        return trainingStepsView;
    }

    /** Re-reads the round history from the dataset's records. */
    void reload(Catalog catalog) {
        rounds.setAll(new dev.loupe.rounds.RoundHistory(catalog).rounds());
    }

    /** Forgets the last comparison and training points (another dataset opens). */
    void clear() {
        comparison.clear();
        trainingSteps.clear();
    }

    /**
     * Runs a retraining round in the background with the judge's backbone: head-only (seconds) or fine-tuning
     * (minutes, its loss and accuracy arriving in {@link #trainingSteps()} as it trains).
     */
    void retrain(dev.loupe.rounds.RetrainConfig config) {
        OpenedDataset ds = host.dataset();
        if (ds == null) {
            return;
        }
        trainingSteps.clear();
        pendingSteps.clear();
        double previous = rounds.isEmpty() ? Double.NaN : rounds.get(rounds.size() - 1).testAccuracy();
        host.run(new BackgroundTask<>("Retraining", (listener, cancel) -> {
            try (FeatureExtractor backbone = host.openJudge(listener, cancel)) {
                java.util.Optional<Path> weights = java.util.Optional.empty();
                if (config.fineTune() && backbone.pretrained()) {
                    weights = dev.loupe.engine.WeightsStore.standard().resolve(backbone.spec(),
                            dev.loupe.engine.WeightsChoice.pretrained(), listener, cancel);
                }
                return new dev.loupe.rounds.RoundRunner().run(ds, backbone, weights,
                        config.withBackbone(backbone.spec().name()), pendingSteps::add, listener, cancel);
            }
        }), result -> {
            double test = result.metrics().testAccuracy();
            host.roundRecorded(String.format(Locale.ROOT, "Round %d: test accuracy %.1f%%%s, validation %.1f%%.",
                    result.record().round(), 100 * test, Double.isNaN(previous) ? ""
                            : String.format(Locale.ROOT, " (%+.1f points)", 100 * (test - previous)),
                    100 * result.metrics().validationAccuracy()));
        }, "Retraining cancelled; no round was recorded.");
    }

    /** Copies round {@code round}'s model bundle into {@code to} (what {@code loupe export-model} does). */
    void exportRoundModel(int round, Path to) {
        exportRoundModel(round, to, dev.loupe.export.ModelExport.Format.DL4J);
    }

    /**
     * Writes round {@code round}'s model into {@code to} in {@code format}, checked on the round's test split
     * (what {@code loupe export-model --format} does); the status line says how it compared.
     */
    void exportRoundModel(int round, Path to, dev.loupe.export.ModelExport.Format format) {
        OpenedDataset ds = host.dataset();
        if (ds == null) {
            return;
        }
        host.run(new BackgroundTask<>("Exporting the model", (listener, cancel) -> dev.loupe.export.ModelExport.export(
                new dev.loupe.rounds.RoundHistory(ds.catalog()), ds.layout(), ds.catalog().entries(), round, to,
                format, listener, cancel)), report -> {
                    host.say(report.summary() + ". loupe classify --model " + to.toAbsolutePath() + " IMAGE… reads it.");
                    host.changed();
                }, "Model export cancelled; nothing was written into " + to.toAbsolutePath() + ".");
    }

    /** How the comparison opens each architecture (the app: ImageNet weights when they can be had). */
    void setComparisonOpener(dev.loupe.rounds.ArchitectureComparison.Opener opener) {
        this.comparisonOpener = opener;
    }

    /**
     * The seed's comparison table, in the background: each architecture gets a head on the same stable split
     * (the last round's validation and testing percentages) and is tested on the same images; rows arrive in
     * {@link #comparison()} one by one. Adds nothing to the round history.
     */
    void compareArchitectures(List<String> names) {
        compareArchitectures(names, true);
    }

    /** The same; {@code int8} adds a row per MobileNet for its int8 model. */
    void compareArchitectures(List<String> names, boolean int8) {
        OpenedDataset ds = host.dataset();
        if (ds == null || names.isEmpty()) {
            return;
        }
        List<dev.loupe.engine.BackboneSpec> specs;
        try {
            specs = names.stream().map(dev.loupe.engine.BackboneSpec::parse).toList();
        } catch (IllegalArgumentException e) {
            host.refused(e.getMessage());
            return;
        }
        dev.loupe.rounds.RetrainConfig split = lastRetrainConfig().orElse(dev.loupe.rounds.RetrainConfig.defaults(""));
        dev.loupe.rounds.ArchitectureComparison compare = new dev.loupe.rounds.ArchitectureComparison(comparisonOpener, int8);
        comparison.clear();
        pendingRows.clear();
        host.run(new BackgroundTask<>("Comparing architectures", (listener, cancel) -> compare.compare(ds, specs,
                split.validationPercent(), split.testingPercent(), split.seed(), pendingRows::add, listener, cancel)),
                rows -> {
                    dev.loupe.rounds.ArchitectureComparison.Row best = rows.stream()
                            .max(java.util.Comparator.comparingDouble(dev.loupe.rounds.ArchitectureComparison.Row::testAccuracy))
                            .orElseThrow();
                    long quantized = rows.stream().filter(r -> r.architecture().endsWith(" int8")).count();
                    host.say(String.format(Locale.ROOT, "Compared %d architecture(s)%s on the same %d test images: "
                            + "best %s at %.1f%%.", rows.size() - quantized, quantized > 0 ? " and their int8 models" : "",
                            best.testImages(), best.architecture(), 100 * best.testAccuracy()));
                }, "Comparison cancelled; the rows measured so far are kept.");
    }

    /** Rows of the last architecture comparison, in the order measured. */
    ObservableList<dev.loupe.rounds.ArchitectureComparison.Row> comparison() {
        return comparisonView;
    }

    /** The last comparison as the Markdown table {@code loupe compare} prints. */
    String comparisonMarkdown() {
        return dev.loupe.rounds.ArchitectureComparison.markdown(comparison);
    }

    /** The settings of the latest round, to start the next one from (remembered per dataset). */
    Optional<dev.loupe.rounds.RetrainConfig> lastRetrainConfig() {
        if (rounds.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new com.fasterxml.jackson.databind.ObjectMapper()
                    .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(rounds.get(rounds.size() - 1).config(), dev.loupe.rounds.RetrainConfig.class));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * A round's metrics and what changed since the round before, as text for the Rounds tab: validation and
     * test accuracy, per-class precision and recall, the confusion matrix and the diff.
     */
    String roundReport(int n) {
        OpenedDataset ds = host.dataset();
        if (ds == null) {
            return "";
        }
        return dev.loupe.rounds.RoundReport.text(new dev.loupe.rounds.RoundHistory(ds.catalog()), n,
                ds.journal().moveCounts());
    }

    /** Moves what background work produced (training steps, comparison rows) into the observable lists. */
    void drainSteps() {
        dev.loupe.engine.FineTuner.Step step;
        while ((step = pendingSteps.poll()) != null) {
            trainingSteps.add(step);
        }
        dev.loupe.rounds.ArchitectureComparison.Row row;
        while ((row = pendingRows.poll()) != null) {
            comparison.add(row);
        }
    }
}

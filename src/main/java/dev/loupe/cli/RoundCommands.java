package dev.loupe.cli;

import dev.loupe.engine.FeatureExtractor;
import dev.loupe.export.ModelExport;
import dev.loupe.imaging.Augmentation;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.rounds.RetrainConfig;
import dev.loupe.rounds.RoundDiff;
import dev.loupe.rounds.RoundHistory;
import dev.loupe.rounds.RoundMetrics;
import dev.loupe.rounds.RoundRecord;
import dev.loupe.rounds.RoundReport;
import dev.loupe.rounds.RoundRunner;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code loupe retrain}, {@code rounds} and {@code export-model}. */
final class RoundCommands {

    private RoundCommands() {
    }

    @Command(name = "retrain", mixinStandardHelpOptions = true,
            description = "Run a retraining round: train on the training split (stable by content hash), report "
                    + "validation and test accuracy, per-class precision/recall and the confusion matrix, save the "
                    + "model "
                    + "bundle in DIR/.loupe/rounds/N/model and compare with the previous round. Flags as in "
                    + "retrain.py.")
    static final class Retrain implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
        Path dir;

        @Mixin
        BackboneOptions backbone;

        static final class Mode {
            @Option(names = "--head-only", description = "train a new top on cached features (seconds; the default)")
            boolean headOnly;

            @Option(names = "--fine-tune", description = "train the whole network with the distortions (minutes)")
            boolean fineTune;
        }

        @ArgGroup(exclusive = true)
        Mode mode = new Mode();

        @Option(names = "--learning-rate", defaultValue = "0.001", description = "fine-tuning learning rate (default: ${DEFAULT-VALUE})")
        double learningRate;

        @Option(names = "--how-many-training-steps", defaultValue = "200", description = "fine-tuning steps (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--train-batch-size", defaultValue = "32", description = "fine-tuning batch size (default: ${DEFAULT-VALUE})")
        int batchSize;

        @Option(names = "--eval-step-interval", defaultValue = "20", description = "evaluate every N steps (default: ${DEFAULT-VALUE})")
        int evalInterval;

        @Option(names = "--validation-percentage", defaultValue = "10", description = "validation share, %% (default: ${DEFAULT-VALUE})")
        int validation;

        @Option(names = "--testing-percentage", defaultValue = "10", description = "test share, %% (default: ${DEFAULT-VALUE})")
        int testing;

        @Option(names = "--flip-left-right", description = "randomly mirror training images")
        boolean flip;

        @Option(names = "--random-crop", defaultValue = "0", description = "crop margin, %% (default: ${DEFAULT-VALUE})")
        int crop;

        @Option(names = "--random-scale", defaultValue = "0", description = "scale-up range, %% (default: ${DEFAULT-VALUE})")
        int scale;

        @Option(names = "--random-brightness", defaultValue = "0", description = "brightness range, %% (default: ${DEFAULT-VALUE})")
        int brightness;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (backbone.views != 1) {
                throw new IllegalArgumentException("--views " + backbone.views + " is for ranking (score, evaluate, similar, featurize): a "
                        + "round's model sees one view of each image, so it trains on one too");
            }
            RetrainConfig config = new RetrainConfig(backbone.backbone, backbone.weights, mode.fineTune, learningRate,
                    steps, batchSize, evalInterval, validation, testing,
                    new Augmentation(flip, crop, scale, brightness), backbone.seed);
            StderrProgress progress = new StderrProgress();
            RoundRunner.Result result;
            RoundDiff diff = null;
            try (OpenedDataset ds = MoveCommands.open(dir, spec.commandLine().getErr());
                 FeatureExtractor extractor = backbone.open(progress, CancellationToken.none())) {
                result = new RoundRunner().run(ds, extractor, backbone.weightsFile(progress, CancellationToken.none()),
                        config, step -> {
                            spec.commandLine().getErr().printf(Locale.ROOT,
                                    "Step %d: train accuracy %.1f%%, cross entropy %.3f, validation accuracy %.1f%%%n",
                                    step.step(), 100 * step.trainAccuracy(), step.trainLoss(),
                                    100 * step.validationAccuracy());
                            spec.commandLine().getErr().flush();
                        }, progress, CancellationToken.none());
                if (result.record().round() > 1) {
                    diff = new RoundHistory(ds.catalog()).diff(result.record().round() - 1, result.record().round(),
                            ds.journal().moveCounts());
                }
            } finally {
                progress.finish();
            }
            PrintWriter out = spec.commandLine().getOut();
            RoundMetrics m = result.metrics();
            RoundRecord r = result.record();
            out.printf(Locale.ROOT, "Round %d (%s, %s): %d train, %d validation, %d test images, %.1f s%n", r.round(),
                    r.backbone(), r.mode(), m.trainImages(), m.validationImages(), m.testImages(), r.seconds());
            out.printf(Locale.ROOT, "Validation accuracy %.1f%%, test accuracy %.1f%%%n", 100 * m.validationAccuracy(),
                    100 * m.testAccuracy());
            out.println();
            out.println("| class | precision | recall |");
            out.println("|---|---|---|");
            for (int c = 0; c < m.classes().size(); c++) {
                out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", m.classes().get(c), m.precision()[c], m.recall()[c]);
            }
            out.println();
            out.println("Confusion matrix (test set; rows: true class, columns: predicted):");
            printMatrix(out, m.classes(), m.confusion());
            if (diff != null) {
                out.println();
                out.printf(Locale.ROOT, "Since round %d: %d image(s) relabelled, %d prediction(s) flipped%n", diff.from(),
                        diff.relabelled().size(), diff.flipped().size());
                out.println("Confusion matrix change:");
                printMatrix(out, m.classes(), diff.confusionDelta());
                if (!diff.backAndForth().isEmpty()) {
                    out.println("Moved back and forth (consider _unsure): " + String.join(", ", diff.backAndForth()));
                }
            }
            out.printf(Locale.ROOT, "%nModel bundle: %s%n", result.bundle());
            out.flush();
            return 0;
        }
    }

    static void printMatrix(PrintWriter out, List<String> classes, long[][] m) {
        out.print(RoundReport.matrix(classes, m));
    }

    @Command(name = "rounds", mixinStandardHelpOptions = true,
            description = "Print the retraining history as a Markdown table, one row per round.")
    static final class Rounds implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
        Path dir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());
            PrintWriter out = spec.commandLine().getOut();
            try (OpenedDataset ds = OpenedDataset.openForReading(dir)) {
                List<RoundRecord> rounds = new RoundHistory(ds.catalog()).rounds();
                out.println("| round | date | backbone | mode | images | labels changed | validation accuracy | "
                        + "test accuracy | model size |");
                out.println("|---|---|---|---|---|---|---|---|---|");
                for (RoundRecord r : rounds) {
                    out.printf(Locale.ROOT, "| %d | %s | %s | %s | %d | %d | %.1f%% | %.1f%% | %.1f MB |%n", r.round(),
                            time.format(r.at()), r.backbone(), r.mode(), r.images(), r.labelsChanged(),
                            100 * r.validationAccuracy(), 100 * r.testAccuracy(), r.modelBytes() / 1e6);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "export-model", mixinStandardHelpOptions = true,
            description = "Write a round's model out of the dataset, as the bundle Loupe keeps (dl4j: model.zip, "
                    + "labels.txt, model.json) or as a standalone ONNX classifier (onnx: model.onnx, labels.txt and "
                    + "model.json with the preprocessing), checked on the round's test split. 'loupe classify' reads "
                    + "both.")
    static final class ExportModel implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
        Path dir;

        @Option(names = "--round", paramLabel = "N", description = "which round (default: the latest)")
        Integer round;

        @Option(names = "--to", required = true, paramLabel = "OUT", description = "new or empty folder")
        Path to;

        @Option(names = "--format", defaultValue = "dl4j", paramLabel = "dl4j|onnx|onnx-int8",
                description = "dl4j (the round's bundle), onnx (a standalone ONNX classifier) or onnx-int8 (its "
                        + "convolutions in int8, calibrated on the round's training images) (default: "
                        + "${DEFAULT-VALUE})")
        String format;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelExport.Format chosen = ModelExport.Format.parse(format);
            try (OpenedDataset ds = OpenedDataset.openForReading(dir)) {
                StderrProgress progress = new StderrProgress();
                ModelExport.Report report;
                try {
                    report = ModelExport.export(new RoundHistory(ds.catalog()), ds.layout(), ds.catalog().entries(),
                            round, to, chosen, progress, dev.loupe.work.CancellationToken.none());
                } finally {
                    progress.finish();
                }
                spec.commandLine().getOut().println(report.summary());
                spec.commandLine().getOut().flush();
                if (report.checked() && report.agreeing() < report.testImages()) {
                    spec.commandLine().getErr().printf(Locale.ROOT, "loupe: the exported model disagrees with the "
                            + "round's on %d of %d test images%n", report.testImages() - report.agreeing(),
                            report.testImages());
                }
            }
            return 0;
        }
    }
}

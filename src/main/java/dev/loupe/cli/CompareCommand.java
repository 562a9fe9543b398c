package dev.loupe.cli;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.TrainedModel;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.rounds.RetrainConfig;
import dev.loupe.rounds.RoundRunner;
import dev.loupe.work.CancellationToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code loupe compare DIR}: the seed's comparison table, Inception-vs-MobileNet style: each architecture
 * trained (head only) and tested on the same stable split, with model size and speed measured here.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train and test several architectures on the same split (head only, cached features) and",
                "print a Markdown table: test accuracy, model file size, featurizing images/s on this machine,",
                "training time. Does not add rounds to the history."})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Option(names = "--architectures", split = ",", paramLabel = "B1,B2",
            defaultValue = "mobilenet-0.25-128,mobilenet-0.25-224,mobilenet-1.0-224",
            description = "backbones to compare (default: ${DEFAULT-VALUE})")
    List<String> architectures;

    @Option(names = "--weights", paramLabel = "FILE|none",
            description = "weights for every MobileNet of the file's width (default: the downloaded ImageNet weights; "
                    + "architectures without weights run from random weights, marked so)")
    String weights;

    @Option(names = "--validation-percentage", defaultValue = "10")
    int validation;

    @Option(names = "--testing-percentage", defaultValue = "10")
    int testing;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        StderrProgress progress = new StderrProgress();
        StringBuilder table = new StringBuilder(
                "| architecture | weights | test accuracy | model size | featurize img/s | training time |\n"
                        + "|---|---|---|---|---|---|\n");
        try (dev.loupe.work.ScratchFolder scratch = dev.loupe.work.ScratchFolder.create("loupe-compare");
             OpenedDataset ds = MoveCommands.open(dir)) {
            Path temp = scratch.path();
            for (String name : architectures) {
                BackboneSpec arch = BackboneSpec.parse(name);
                BackboneOptions options = new BackboneOptions();
                options.backbone = arch.name();
                options.seed = seed;
                options.weights = weightsFor(arch);
                String weightsLabel;
                FeatureExtractor extractor;
                try {
                    extractor = options.open(progress, CancellationToken.none());
                    weightsLabel = extractor.pretrained() ? "ImageNet" : "random";
                } catch (dev.loupe.engine.EngineException e) {
                    System.err.println("loupe: " + arch.name() + ": " + e.getMessage().lines().findFirst().orElse("")
                            + "; using random weights");
                    options.weights = "none";
                    extractor = options.open(progress, CancellationToken.none());
                    weightsLabel = "random";
                }
                try (FeatureExtractor backbone = extractor) {
                    RetrainConfig config = new RetrainConfig(arch.name(), options.weights, false, 0.001, 1, 1, 1,
                            validation, testing, dev.loupe.imaging.Augmentation.NONE, seed);
                    RoundRunner.Evaluation ev = new RoundRunner().evaluateHeadOnly(ds, backbone, config, progress,
                            CancellationToken.none());
                    progress.finish();
                    long size = -1;
                    if (arch.family() == BackboneSpec.Family.MOBILENET_V1) {
                        Path bundle = temp.resolve(arch.name());
                        try (TrainedModel model = TrainedModel.fromHead(backbone, ev.head(), Map.of(), Map.of())) {
                            model.save(bundle);
                        }
                        size = Files.size(bundle.resolve(TrainedModel.GRAPH_FILE));
                    }
                    double speed = ev.featurizeImagesPerSecond();
                    table.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% | %s | %s | %.1f s |%n", arch.name(),
                            weightsLabel, 100 * ev.metrics().testAccuracy(),
                            size < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f MB", size / 1e6),
                            speed > 0 ? String.format(Locale.ROOT, "%.0f", speed) : "cached", ev.trainSeconds()));
                }
            }
        } finally {
            progress.finish();
        }
        out.print(table);
        out.flush();
        return 0;
    }

    /** The --weights file applies to MobileNets of its width; other architectures download or go random. */
    private String weightsFor(BackboneSpec arch) {
        if (weights == null || "none".equalsIgnoreCase(weights)) {
            return weights;
        }
        if (arch.family() != BackboneSpec.Family.MOBILENET_V1) {
            return "none";
        }
        double fileAlpha = dev.loupe.engine.KerasMobileNetWeights.alphaOf(Path.of(weights));
        return fileAlpha == arch.alpha() ? weights : null;
    }
}

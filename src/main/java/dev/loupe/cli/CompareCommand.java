package dev.loupe.cli;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.rounds.ArchitectureComparison;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        description = "Train and test several architectures on the same split (head only, cached features) and "
                + "print a Markdown table: test accuracy, model file size, featurizing images/s on this machine, "
                + "training time. Does not add rounds to the history.")
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

    @Option(names = "--int8", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also a row per MobileNet for its int8 ONNX model (calibrated on the training split, "
                    + "tested on the test split, timed forward only); --no-int8 to skip (default: ${DEFAULT-VALUE})")
    boolean int8 = true;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StderrProgress progress = new StderrProgress();
        List<BackboneSpec> specs = architectures.stream().map(BackboneSpec::parse).toList();
        ArchitectureComparison comparison = new ArchitectureComparison((arch, p, cancel) -> {
            BackboneOptions options = new BackboneOptions();
            options.backbone = arch.name();
            options.seed = seed;
            options.weights = weightsFor(arch);
            return options.open(progress, cancel, dev.loupe.engine.JudgeOpener.Fallback.SAME_WIDTH_THEN_RANDOM);
        }, int8);
        List<ArchitectureComparison.Row> rows;
        try (OpenedDataset ds = MoveCommands.open(dir, spec.commandLine().getErr())) {
            rows = comparison.compare(ds, specs, validation, testing, seed, row -> progress.finish(), progress,
                    CancellationToken.none());
        } finally {
            progress.finish();
        }
        out.print(ArchitectureComparison.markdown(rows));
        out.flush();
        return 0;
    }

    /** The --weights file applies to MobileNets of its width; other architectures download or go random. */
    private String weightsFor(BackboneSpec arch) {
        if (arch.family() == BackboneSpec.Family.ONNX) {
            return null; // a model of the user's own carries its weights
        }
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

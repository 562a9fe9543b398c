package dev.loupe.rounds;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.TrainedModel;
import dev.loupe.imaging.Augmentation;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import dev.loupe.work.ScratchFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The seed write-up's comparison table (Inception v3 against MobileNet 1.0_224 and 0.25_128): each
 * architecture gets a head trained on its cached features over the same stable split, and is tested on the
 * same test images; model size and featurizing speed are measured on this machine. Nothing is added to the
 * round history.
 */
public final class ArchitectureComparison {

    /** Opens a backbone for one architecture, with the best weights it can get. */
    @FunctionalInterface
    public interface Opener {
        FeatureExtractor open(BackboneSpec spec, ProgressListener progress, CancellationToken cancel);
    }

    /**
     * One architecture's result. {@code modelBytes} is -1 when the architecture cannot be saved as a bundle
     * (zoo backbones); {@code featurizeImagesPerSecond} is 0 when every feature came from the cache.
     */
    public record Row(String architecture, boolean pretrained, double testAccuracy, long modelBytes,
                      double featurizeImagesPerSecond, double trainSeconds, int testImages) {

        public String weights() {
            return pretrained ? "ImageNet" : "random";
        }
    }

    private final Opener opener;

    public ArchitectureComparison(Opener opener) {
        this.opener = opener;
    }

    /**
     * Compares {@code architectures} on {@code dataset}, reporting each row as soon as it is measured.
     *
     * @throws dev.loupe.work.CancelledException when cancelled (rows reported so far stay reported)
     */
    public List<Row> compare(OpenedDataset dataset, List<BackboneSpec> architectures, int validationPercent,
                             int testingPercent, long seed, Consumer<Row> onRow, ProgressListener progress,
                             CancellationToken cancel) {
        List<Row> rows = new ArrayList<>();
        try (ScratchFolder scratch = ScratchFolder.create("loupe-compare")) {
            for (BackboneSpec arch : architectures) {
                cancel.throwIfCancelled();
                try (FeatureExtractor backbone = opener.open(arch, progress, cancel)) {
                    RetrainConfig config = new RetrainConfig(arch.name(), backbone.pretrained() ? null : "none", false,
                            0.001, 1, 1, 1, validationPercent, testingPercent, Augmentation.NONE, seed);
                    RoundRunner.Evaluation ev = new RoundRunner().evaluateHeadOnly(dataset, backbone, config, progress,
                            cancel);
                    long size = -1;
                    if (arch.family() == BackboneSpec.Family.MOBILENET_V1) {
                        Path bundle = scratch.path().resolve(arch.name());
                        try (TrainedModel model = TrainedModel.fromHead(backbone, ev.head(), Map.of(), Map.of())) {
                            model.save(bundle);
                        }
                        size = Files.size(bundle.resolve(TrainedModel.GRAPH_FILE));
                    } else if (arch.family() == BackboneSpec.Family.ONNX) {
                        // The user's own file: the head it would gain is a few kilobytes.
                        size = Files.size(dev.loupe.engine.ForeignOnnx.Source.parse(arch.source()).model());
                    }
                    Row row = new Row(arch.name(), backbone.pretrained(), ev.metrics().testAccuracy(), size,
                            ev.featurizeImagesPerSecond(), ev.trainSeconds(), ev.metrics().testImages());
                    rows.add(row);
                    onRow.accept(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use a scratch folder for the comparison: " + e.getMessage(), e);
        }
        return rows;
    }

    /** The rows as a Markdown table, like the seed's. */
    public static String markdown(List<Row> rows) {
        StringBuilder table = new StringBuilder(
                "| architecture | weights | test accuracy | model size | featurize img/s | training time |\n"
                        + "|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% | %s | %s | %.1f s |%n", r.architecture(),
                    r.weights(), 100 * r.testAccuracy(), size(r.modelBytes()), speed(r.featurizeImagesPerSecond()),
                    r.trainSeconds()));
        }
        return table.toString();
    }

    public static String size(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    public static String speed(double imagesPerSecond) {
        return imagesPerSecond > 0 ? String.format(Locale.ROOT, "%.0f", imagesPerSecond) : "cached";
    }
}

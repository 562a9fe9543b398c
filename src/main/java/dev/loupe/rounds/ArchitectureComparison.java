package dev.loupe.rounds;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.OnnxClassifier;
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
                      double featurizeImagesPerSecond, double trainSeconds, int testImages,
                      double forwardImagesPerSecond) {

        public Row(String architecture, boolean pretrained, double testAccuracy, long modelBytes,
                   double featurizeImagesPerSecond, double trainSeconds, int testImages) {
            this(architecture, pretrained, testAccuracy, modelBytes, featurizeImagesPerSecond, trainSeconds,
                    testImages, -1);
        }

        public String weights() {
            if (architecture.startsWith("onnx:")) {
                return "its own";
            }
            return pretrained ? "ImageNet" : "random";
        }
    }

    private final Opener opener;
    private final boolean int8;

    public ArchitectureComparison(Opener opener) {
        this(opener, true);
    }

    /** With {@code int8}, each MobileNet also gets a row for its int8 ONNX model. */
    public ArchitectureComparison(Opener opener, boolean int8) {
        this.opener = opener;
        this.int8 = int8;
    }

    /** Training images the int8 models calibrate on. */
    static final int CALIBRATION_IMAGES = 100;
    /** Batch and length of each timed turn for the models' forward speed. */
    private static final int SPEED_BATCH = 32;
    private static final double SPEED_SECONDS = 0.7;

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
                    double forward = -1;
                    Path onnx = scratch.path().resolve(arch.name());
                    if (arch.family() == BackboneSpec.Family.MOBILENET_V1) {
                        // The model as it deploys: one ONNX classifier (and its int8 twin), timed forward only.
                        try (TrainedModel model = TrainedModel.fromHead(backbone, ev.head(), Map.of(), Map.of())) {
                            OnnxClassifier.write(onnx, model.onnxGraph(), TrainedModel.ONNX_OUTPUT,
                                    model.preprocessing(), model.classes(), arch.name(), Map.of(), Map.of());
                        }
                        size = Files.size(onnx.resolve(OnnxClassifier.GRAPH_FILE));
                        try (OnnxClassifier fp32 = OnnxClassifier.load(onnx)) {
                            forward = fp32.forwardImagesPerSecond(SPEED_BATCH, SPEED_SECONDS);
                        }
                    } else if (arch.family() == BackboneSpec.Family.ONNX) {
                        // The user's own file: the head it would gain is a few kilobytes.
                        size = Files.size(dev.loupe.engine.ForeignOnnx.Source.parse(arch.source()).model());
                        forward = dev.loupe.engine.Backbones.onnxForwardImagesPerSecond(arch, SPEED_BATCH,
                                SPEED_SECONDS);
                    }
                    Row row = new Row(arch.name(), backbone.pretrained(), ev.metrics().testAccuracy(), size,
                            ev.featurizeImagesPerSecond(), ev.trainSeconds(), ev.metrics().testImages(), forward);
                    rows.add(row);
                    onRow.accept(row);
                    if (int8 && arch.family() == BackboneSpec.Family.MOBILENET_V1) {
                        cancel.throwIfCancelled();
                        try (OnnxClassifier fp32 = OnnxClassifier.load(onnx)) {
                            Row int8Row = int8Row(dataset, arch, backbone.pretrained(), ev, fp32,
                                    scratch.path().resolve(arch.name() + "-int8"), progress, cancel);
                            rows.add(int8Row);
                            onRow.accept(int8Row);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use a scratch folder for the comparison: " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * The int8 twin of a MobileNet's classifier: calibrated on the split's training images, tested on its test
     * images (decoded as {@code loupe classify} decodes them), timed like the fp32 one. Its time is the
     * quantization's.
     */
    private static Row int8Row(OpenedDataset dataset, BackboneSpec arch, boolean pretrained, RoundRunner.Evaluation ev,
                               OnnxClassifier fp32, Path folder, ProgressListener progress,
                               CancellationToken cancel) {
        long start = System.nanoTime();
        progress.progress(0, 1, "Quantizing " + arch.name() + " to int8");
        Map<String, Path> fileOf = SplitFiles.byHash(dataset.layout(), dataset.catalog().entries());
        List<Path> train = new ArrayList<>();
        List<Path> test = new ArrayList<>();
        List<String> testLabels = new ArrayList<>();
        new java.util.TreeMap<>(ev.labelOf()).forEach((sha, label) -> {
            Path file = fileOf.get(sha);
            dev.loupe.dataset.StableSplit.Part part = ev.partOf().get(sha);
            if (file == null || part == null) {
                return;
            }
            if (part == dev.loupe.dataset.StableSplit.Part.TRAIN) {
                train.add(file);
            } else if (part == dev.loupe.dataset.StableSplit.Part.TEST) {
                test.add(file);
                testLabels.add(label);
            }
        });
        List<float[]> calibration = SplitFiles.decodeEvenly(train, fp32.resolution(), CALIBRATION_IMAGES);
        // The calibration and bias correction take seconds to a minute: their steps show, and Cancel stops them.
        OnnxClassifier.Quantized q = fp32.quantizedInt8(calibration, (done, total, message) ->
                progress.progress(done, total, "Quantizing " + arch.name() + " to int8: " + message), cancel);
        OnnxClassifier.write(folder, q.model(), q.probabilities(), fp32.preprocessing(), fp32.classes(),
                arch.name() + " int8", Map.of(), Map.of("quantization", q.description()));
        double seconds = (System.nanoTime() - start) / 1e9;
        try (OnnxClassifier model = OnnxClassifier.load(folder)) {
            List<BatchClassifier.Outcome> outcomes = new BatchClassifier(model).classify(test);
            int read = 0;
            int right = 0;
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i).ok()) {
                    read++;
                    right += model.classes().get(dev.loupe.work.Vectors.argmax(outcomes.get(i).probabilities()))
                            .equals(testLabels.get(i)) ? 1 : 0;
                }
            }
            long size;
            try {
                size = Files.size(folder.resolve(OnnxClassifier.GRAPH_FILE));
            } catch (IOException e) {
                size = -1;
            }
            return new Row(arch.name() + " int8", pretrained, read == 0 ? 0 : right / (double) read, size, -1,
                    seconds, read, model.forwardImagesPerSecond(SPEED_BATCH, SPEED_SECONDS));
        }
    }

    /** The rows as a Markdown table, like the seed's. */
    public static String markdown(List<Row> rows) {
        StringBuilder table = new StringBuilder(
                "| architecture | weights | test accuracy | model size | featurize img/s | forward img/s | training time |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            table.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% | %s | %s | %s | %.1f s |%n", r.architecture(),
                    r.weights(), 100 * r.testAccuracy(), size(r.modelBytes()), speed(r.featurizeImagesPerSecond()),
                    speed(r.forwardImagesPerSecond()), r.trainSeconds()));
        }
        return table.toString();
    }

    public static String size(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
    }

    /** Images per second; 0 is "cached" (nothing was featurized), negative "n/a" (not measured). */
    public static String speed(double imagesPerSecond) {
        if (imagesPerSecond < 0) {
            return "n/a";
        }
        return imagesPerSecond > 0 ? String.format(Locale.ROOT, "%.0f", imagesPerSecond) : "cached";
    }
}

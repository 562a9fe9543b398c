package dev.loupe.export;

import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.engine.Classifier;
import dev.loupe.engine.OnnxClassifier;
import dev.loupe.engine.TrainedModel;
import dev.loupe.rounds.BatchClassifier;
import dev.loupe.rounds.RoundHistory;
import dev.loupe.rounds.RoundRecord;
import dev.loupe.work.Vectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a round's model out of the dataset for use elsewhere: as Loupe keeps it (a DL4J bundle, or the ONNX
 * bundle of a round judged by a model of the user's own), or as a standalone ONNX classifier. A converted model is
 * checked on the round's test split against the round's own model before the export is reported done.
 */
public final class ModelExport {

    /** The forms a model leaves Loupe in. */
    public enum Format {
        /** The round's bundle as Loupe keeps it ({@code model.zip} for DL4J rounds). */
        DL4J("dl4j"),
        /** A standalone ONNX classifier: {@code model.onnx}, {@code labels.txt}, {@code model.json}. */
        ONNX("onnx"),
        /** The same with its convolutions in int8 (QDQ), calibrated on the round's training images. */
        ONNX_INT8("onnx-int8");

        private final String cliName;

        Format(String cliName) {
            this.cliName = cliName;
        }

        public String cliName() {
            return cliName;
        }

        public static Format parse(String name) {
            for (Format f : values()) {
                if (f.cliName.equalsIgnoreCase(name.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--format is dl4j, onnx or onnx-int8; got " + name);
        }
    }

    /**
     * What was written, and for a converted model how it compares with the round's own on the test split.
     *
     * @param testImages images of the round's test split that could be read (0 when there was nothing to check)
     * @param agreeing   of those, how many get the same class from both models
     */
    public record Report(int round, Format format, Path folder, int testImages, int agreeing, double roundAccuracy,
                         double exportedAccuracy) {

        public boolean checked() {
            return testImages > 0;
        }

        /** One line for the user. */
        public String summary() {
            String done = String.format(Locale.ROOT, "Round %d's model written to %s (%s)", round, folder,
                    format.cliName());
            if (!checked()) {
                return done;
            }
            return done + String.format(Locale.ROOT, "; on the %d test images it agrees with the round's model on %d "
                            + "(test accuracy %.1f%%, the round's model %.1f%%)", testImages, agreeing,
                    100 * exportedAccuracy, 100 * roundAccuracy);
        }
    }

    private ModelExport() {
    }

    /** The round's bundle copied as it is (what {@code loupe export-model} did before it took a format). */
    public static int export(RoundHistory history, DatasetLayout layout, Integer round, Path to) {
        return export(history, layout, null, round, to, Format.DL4J).round();
    }

    /**
     * Writes round {@code round}'s model (the latest when null) into {@code to}, a new or empty folder outside the
     * dataset, in {@code format}. {@code entries} (the catalog's) lets a converted model be checked on the round's
     * test split; null skips the check.
     */
    public static Report export(RoundHistory history, DatasetLayout layout, List<CatalogEntry> entries, Integer round,
                                Path to, Format format) {
        return export(history, layout, entries, round, to, format, dev.loupe.work.ProgressListener.NONE,
                dev.loupe.work.CancellationToken.none());
    }

    /**
     * The same, saying how far it is (the int8 form's calibration and bias correction take a while) and stopping
     * with {@link dev.loupe.work.CancelledException} when {@code cancel} asks, before anything is written into
     * {@code to}.
     */
    public static Report export(RoundHistory history, DatasetLayout layout, List<CatalogEntry> entries, Integer round,
                                Path to, Format format, dev.loupe.work.ProgressListener progress,
                                dev.loupe.work.CancellationToken cancel) {
        List<RoundRecord> rounds = history.rounds();
        if (rounds.isEmpty()) {
            throw new DatasetException("No rounds yet: retrain first (loupe retrain, or Retrain… in the window)");
        }
        int n = round == null ? rounds.get(rounds.size() - 1).round() : round;
        Path bundle = RoundHistory.bundleDir(layout, n);
        if (!Files.isDirectory(bundle)) {
            throw new DatasetException("No model for round " + n + " (rounds: " + rounds.stream()
                    .map(r -> String.valueOf(r.round())).collect(Collectors.joining(", ")) + ")");
        }
        Path target = to.toAbsolutePath().normalize();
        if (target.startsWith(layout.root())) {
            throw new DatasetException("Export the model to a folder outside the dataset (" + target + " is inside "
                    + layout.root() + ")");
        }
        boolean onnxRound = Files.isRegularFile(bundle.resolve(OnnxClassifier.GRAPH_FILE));
        if (format == Format.DL4J && onnxRound) {
            throw new DatasetException("Round " + n + " was judged by an ONNX model of your own, so its model is ONNX: "
                    + "export it with --format onnx");
        }
        requireEmpty(target);
        if (format == Format.ONNX_INT8) {
            quantize(history, layout, entries, n, bundle, onnxRound, target, progress, cancel);
        } else if (format == Format.DL4J || onnxRound) {
            copy(bundle, target, n);
        } else {
            writeOnnx(bundle, n, target);
        }
        progress.progress(0, -1, "Checking the exported model on the test split");
        return check(history, layout, entries, n, target, format);
    }

    private static void writeOnnx(Path bundle, int round, Path target) {
        try (TrainedModel model = TrainedModel.load(bundle)) {
            OnnxClassifier.write(target, model.onnxGraph(), TrainedModel.ONNX_OUTPUT, model.preprocessing(),
                    model.classes(), model.info().architecture(), model.info().metrics(), provenance(model, round));
        }
    }

    /** Images the int8 ranges are measured on: up to this many of the round's training images. */
    static final int CALIBRATION_IMAGES = 200;

    /**
     * The round's model in fp32 ONNX (written to a scratch folder unless the round is ONNX already), then its
     * convolutions quantized with activation ranges from the round's training images.
     */
    private static void quantize(RoundHistory history, DatasetLayout layout, List<CatalogEntry> entries, int round,
                                 Path bundle, boolean onnxRound, Path target,
                                 dev.loupe.work.ProgressListener progress, dev.loupe.work.CancellationToken cancel) {
        if (entries == null) {
            throw new DatasetException("int8 export needs the dataset's images to calibrate on");
        }
        try (dev.loupe.work.ScratchFolder scratch = dev.loupe.work.ScratchFolder.create("loupe-int8")) {
            Path fp32 = onnxRound ? bundle : scratch.path().resolve("fp32");
            if (!onnxRound) {
                writeOnnx(bundle, round, fp32);
            }
            try (OnnxClassifier model = OnnxClassifier.load(fp32)) {
                progress.progress(0, -1, "Decoding calibration images");
                List<float[]> images = calibrationImages(history, layout, entries, round, model.resolution());
                cancel.throwIfCancelled();
                OnnxClassifier.Quantized q = model.quantizedInt8(images, progress, cancel);
                cancel.throwIfCancelled();
                Map<String, Object> provenance = new LinkedHashMap<>();
                model.info().path("provenance").fields().forEachRemaining(e -> provenance.put(e.getKey(),
                        e.getValue()));
                provenance.put("exported_from_round", round);
                provenance.put("quantization", q.description());
                Map<String, Object> metrics = new LinkedHashMap<>();
                model.info().path("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue()));
                OnnxClassifier.write(target, q.model(), q.probabilities(), model.preprocessing(), model.classes(),
                        model.architecture(), metrics, provenance);
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot use a scratch folder for the int8 export: " + e.getMessage(), e);
        }
    }

    /** Evenly spaced training images of the round (by content hash, so the same ones every time), decoded. */
    private static List<float[]> calibrationImages(RoundHistory history, DatasetLayout layout,
                                                   List<CatalogEntry> entries, int round, int size) {
        Map<String, Path> fileOf = files(layout, entries);
        List<Path> train = new ArrayList<>();
        new java.util.TreeMap<>(history.images(round)).forEach((sha, state) -> {
            if ("train".equals(state.part()) && fileOf.containsKey(sha)) {
                train.add(fileOf.get(sha));
            }
        });
        return dev.loupe.rounds.SplitFiles.decodeEvenly(train, size, CALIBRATION_IMAGES);
    }

    private static Map<String, Path> files(DatasetLayout layout, List<CatalogEntry> entries) {
        return dev.loupe.rounds.SplitFiles.byHash(layout, entries);
    }

    private static Map<String, Object> provenance(TrainedModel model, int round) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        if (model.info().provenance() != null) {
            provenance.putAll(model.info().provenance());
        }
        provenance.put("exported_from_round", round);
        return provenance;
    }

    /**
     * The written model on the round's test split, against what the round itself predicted there (its head on the
     * cached features): the whole exported pipeline, decoding included, must give the same classes.
     */
    private static Report check(RoundHistory history, DatasetLayout layout, List<CatalogEntry> entries, int round,
                                Path target, Format format) {
        if (entries == null) {
            return new Report(round, format, target, 0, 0, 0, 0);
        }
        Map<String, Path> fileOf = files(layout, entries);
        try (Classifier exported = Classifier.load(target)) {
            List<String> classes = exported.classes();
            List<Path> files = new ArrayList<>();
            List<RoundHistory.ImageState> recorded = new ArrayList<>();
            history.images(round).forEach((sha, state) -> {
                Path file = fileOf.get(sha);
                if ("test".equals(state.part()) && file != null && classes.contains(state.label())) {
                    files.add(file);
                    recorded.add(state);
                }
            });
            List<BatchClassifier.Outcome> outcomes = new BatchClassifier(exported).classify(files);
            int read = 0;
            int agree = 0;
            int rightRound = 0;
            int rightExported = 0;
            for (int i = 0; i < files.size(); i++) {
                if (!outcomes.get(i).ok()) {
                    continue;
                }
                read++;
                String predicted = classes.get(Vectors.argmax(outcomes.get(i).probabilities()));
                RoundHistory.ImageState state = recorded.get(i);
                agree += predicted.equals(state.predicted()) ? 1 : 0;
                rightRound += state.predicted().equals(state.label()) ? 1 : 0;
                rightExported += predicted.equals(state.label()) ? 1 : 0;
            }
            return new Report(round, format, target, read, agree, read == 0 ? 0 : rightRound / (double) read,
                    read == 0 ? 0 : rightExported / (double) read);
        }
    }

    private static void requireEmpty(Path target) {
        if (Files.exists(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    throw new DatasetException(target + " is not empty; Loupe never overwrites. Choose a new or "
                            + "empty folder.");
                }
            } catch (IOException e) {
                throw new DatasetException("Cannot read " + target + ": " + e.getMessage(), e);
            }
        }
    }

    private static void copy(Path bundle, Path target, int round) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(bundle)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new DatasetException("Cannot export round " + round + "'s model to " + target + ": "
                    + e.getMessage(), e);
        }
    }
}

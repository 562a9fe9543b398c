package dev.loupe.rounds;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.StableSplit;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.FineTuner;
import dev.loupe.heads.HeadTrainer;
import dev.loupe.heads.SoftmaxHead;
import dev.loupe.engine.TrainedModel;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.journal.OpenedDataset;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs one retraining round: trains on the training split (stable by content hash, {@code _unsure} and
 * {@code _excluded} left out), measures validation and test accuracy, per-class precision and recall and the
 * confusion matrix, saves the model bundle under {@code .loupe/rounds/N/model/} and records the round.
 */
public final class RoundRunner {

    /** The outcome of a round. */
    public record Result(RoundRecord record, RoundMetrics metrics, Path bundle) {
    }

    public Result run(OpenedDataset dataset, FeatureExtractor backbone, RetrainConfig config,
                      FineTuner.StepListener steps, ProgressListener progress, CancellationToken cancel) {
        return run(dataset, backbone, Optional.empty(), config, steps, progress, cancel);
    }

    /**
     * @param weights the backbone's pretrained weights file, where fine-tuning starts from (empty: from scratch)
     */
    public Result run(OpenedDataset dataset, FeatureExtractor backbone, Optional<Path> weights, RetrainConfig config,
                      FineTuner.StepListener steps, ProgressListener progress, CancellationToken cancel) {
        if (config.fineTune()) {
            return fineTune(dataset, backbone, weights, config, steps, progress, cancel);
        }
        long start = System.nanoTime();
        List<String> classes = dataset.layout().classesOnDisk();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("Retraining needs at least two class folders");
        }
        Evaluation ev = evaluateHeadOnly(dataset, backbone, config, progress, cancel);
        SoftmaxHead head = ev.head();
        RoundMetrics metrics = ev.metrics();
        Map<String, String> labelOf = ev.labelOf();
        Map<String, StableSplit.Part> partOf = ev.partOf();
        Map<String, float[]> vectors = ev.vectors();
        {
            RoundHistory history = new RoundHistory(dataset.catalog());
            int round = history.nextRound();
            Map<String, RoundHistory.ImageState> images = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : labelOf.entrySet()) {
                double[] p = head.probabilities(vectors.get(e.getKey()));
                images.put(e.getKey(), new RoundHistory.ImageState(e.getValue(), classes.get(dev.loupe.work.Vectors.argmax(p)),
                        partOf.get(e.getKey()).folder(), p[classes.indexOf(e.getValue())]));
            }
            int changed = 0;
            if (round > 1) {
                Map<String, RoundHistory.ImageState> previous = history.images(round - 1);
                for (Map.Entry<String, RoundHistory.ImageState> e : images.entrySet()) {
                    RoundHistory.ImageState old = previous.get(e.getKey());
                    if (old != null && !old.label().equals(e.getValue().label())) {
                        changed++;
                    }
                }
            }
            Map<String, Object> metricMap = new LinkedHashMap<>();
            metricMap.put("validation_accuracy", metrics.validationAccuracy());
            metricMap.put("test_accuracy", metrics.testAccuracy());
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("round", round);
            provenance.put("created", Instant.now().toString());
            provenance.put("seed", config.seed());
            provenance.put("backbone", backbone.fingerprint());
            provenance.put("data_fingerprint", dataFingerprint(labelOf));
            provenance.put("l2", head.l2());
            provenance.put("config", config);
            Path bundle = RoundHistory.bundleDir(dataset.layout(), round);
            if (backbone instanceof dev.loupe.engine.ForeignOnnx own) {
                // A model of the user's own: the round's model is that graph with the head on it, as ONNX.
                dev.loupe.engine.OnnxClassifier.write(bundle, own.classifierWith(head),
                        dev.loupe.engine.OnnxClassifier.PROBABILITIES, own.preprocessing(), classes,
                        backbone.spec().name(), metricMap, provenance);
            } else {
                try (TrainedModel model = TrainedModel.fromHead(backbone, head, metricMap, provenance)) {
                    model.save(bundle);
                }
            }
            String configJson;
            try {
                configJson = new ObjectMapper().writeValueAsString(config);
            } catch (IOException e) {
                throw new DatasetException("Cannot record the round's settings: " + e.getMessage(), e);
            }
            RoundRecord record = new RoundRecord(round, Instant.now(), backbone.spec().name(), "head-only",
                    labelOf.size(), changed, metrics.validationAccuracy(), metrics.testAccuracy(), size(bundle),
                    (System.nanoTime() - start) / 1e9, configJson);
            history.save(record, metrics, images);
            progress.progress(1, 1, "Round " + round + " done");
            return new Result(record, metrics, bundle);
        }
    }

    /**
     * A head-only training and evaluation on the stable split, without recording a round: what rounds and the
     * architecture comparison share.
     *
     * @param trainSeconds           time to train the head (L2 search included)
     * @param featurizeImagesPerSecond featurizing speed for the images not cached yet (0 when all were cached)
     */
    public record Evaluation(SoftmaxHead head, RoundMetrics metrics, Map<String, String> labelOf,
                             Map<String, StableSplit.Part> partOf, Map<String, float[]> vectors, double trainSeconds,
                             double featurizeImagesPerSecond) {
    }

    public Evaluation evaluateHeadOnly(OpenedDataset dataset, FeatureExtractor backbone, RetrainConfig config,
                                       ProgressListener progress, CancellationToken cancel) {
        List<String> classes = dataset.layout().classesOnDisk();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("Retraining needs at least two class folders");
        }
        StableSplit split = new StableSplit(config.validationPercent(), config.testingPercent());
        try (FeatureCache cache = FeatureCache.open(dataset.layout())) {
            long featurizeStart = System.nanoTime();
            dev.loupe.features.FeaturizeReport featurized =
                    new Featurizer().featurize(dataset.catalog(), backbone, cache, progress, cancel);
            Map<String, float[]> vectors = cache.vectors(backbone.fingerprint());
            Map<StableSplit.Part, List<float[]>> x = new HashMap<>();
            Map<StableSplit.Part, List<Integer>> y = new HashMap<>();
            Map<String, String> labelOf = new LinkedHashMap<>();
            Map<String, StableSplit.Part> partOf = new HashMap<>();
            for (CatalogEntry e : dataset.catalog().entries()) {
                int label = classes.indexOf(e.label());
                float[] v = e.ok() ? vectors.get(e.sha256()) : null;
                if (label < 0 || v == null || labelOf.containsKey(e.sha256())) {
                    continue;
                }
                StableSplit.Part part = split.of(e.sha256());
                x.computeIfAbsent(part, p -> new ArrayList<>()).add(v);
                y.computeIfAbsent(part, p -> new ArrayList<>()).add(label);
                labelOf.put(e.sha256(), e.label());
                partOf.put(e.sha256(), part);
            }
            float[][] trainX = x.getOrDefault(StableSplit.Part.TRAIN, List.of()).toArray(float[][]::new);
            int[] trainY = y.getOrDefault(StableSplit.Part.TRAIN, List.of()).stream().mapToInt(Integer::intValue).toArray();
            for (int c = 0; c < classes.size(); c++) {
                int cc = c;
                if (java.util.Arrays.stream(trainY).noneMatch(v -> v == cc)) {
                    throw new DatasetException("Class '" + classes.get(c) + "' has no training images");
                }
            }
            cancel.throwIfCancelled();
            progress.progress(0, 1, "Training the head on " + trainX.length + " images");
            long trainStart = System.nanoTime();
            HeadTrainer trainer = new HeadTrainer();
            SoftmaxHead head = trainer.fitWithCrossValidation(trainX, trainY, classes, 3, config.seed());
            int[] valTruth = y.getOrDefault(StableSplit.Part.VALIDATION, List.of()).stream().mapToInt(Integer::intValue).toArray();
            int[] testTruth = y.getOrDefault(StableSplit.Part.TEST, List.of()).stream().mapToInt(Integer::intValue).toArray();
            int[] valPred = predict(head, x.getOrDefault(StableSplit.Part.VALIDATION, List.of()));
            int[] testPred = predict(head, x.getOrDefault(StableSplit.Part.TEST, List.of()));
            RoundMetrics metrics = RoundMetrics.of(classes, valTruth, valPred, testTruth, testPred, trainX.length);
            return new Evaluation(head, metrics, labelOf, partOf, vectors, (System.nanoTime() - trainStart) / 1e9,
                    featurized.imagesPerSecond());
        }

    }

    private Result fineTune(OpenedDataset dataset, FeatureExtractor backbone, Optional<Path> weights,
                            RetrainConfig config, FineTuner.StepListener steps, ProgressListener progress,
                            CancellationToken cancel) {
        long start = System.nanoTime();
        List<String> classes = dataset.layout().classesOnDisk();
        StableSplit split = new StableSplit(config.validationPercent(), config.testingPercent());
        Map<StableSplit.Part, List<ImageSource.Labelled>> parts = new HashMap<>();
        Map<String, String> labelOf = new LinkedHashMap<>();
        Map<String, Path> fileOf = new LinkedHashMap<>();
        for (CatalogEntry e : dataset.catalog().entries()) {
            int label = classes.indexOf(e.label());
            if (label < 0 || !e.ok() || labelOf.containsKey(e.sha256())) {
                continue;
            }
            Path file = dataset.layout().resolve(e.path());
            parts.computeIfAbsent(split.of(e.sha256()), p -> new ArrayList<>()).add(new ImageSource.Labelled(file, label));
            labelOf.put(e.sha256(), e.label());
            fileOf.put(e.sha256(), file);
        }
        int size = backbone.resolution();
        ImageSource source = new ImageSource(parts.getOrDefault(StableSplit.Part.TRAIN, List.of()),
                parts.getOrDefault(StableSplit.Part.VALIDATION, List.of()), config.augmentation(), size);
        FineTuner.Options options = new FineTuner.Options(config.trainingSteps(), config.batchSize(),
                config.learningRate(), config.evalInterval(), config.seed());
        TrainedModel model = new FineTuner().fineTune(backbone.spec(), weights, classes, source, options, steps,
                progress, cancel);
        try {
            int[] valTruth = labels(parts.get(StableSplit.Part.VALIDATION));
            int[] valPred = predictFiles(model, parts.get(StableSplit.Part.VALIDATION));
            int[] testTruth = labels(parts.get(StableSplit.Part.TEST));
            int[] testPred = predictFiles(model, parts.get(StableSplit.Part.TEST));
            RoundMetrics metrics = RoundMetrics.of(classes, valTruth, valPred, testTruth, testPred,
                    parts.getOrDefault(StableSplit.Part.TRAIN, List.of()).size());
            RoundHistory history = new RoundHistory(dataset.catalog());
            int round = history.nextRound();
            Map<String, RoundHistory.ImageState> images = new LinkedHashMap<>();
            List<String> hashes = new ArrayList<>(labelOf.keySet());
            List<ImageSource.Labelled> all = new ArrayList<>();
            hashes.forEach(h -> all.add(new ImageSource.Labelled(fileOf.get(h), classes.indexOf(labelOf.get(h)))));
            int[] predicted = predictFiles(model, all);
            int changed = 0;
            Map<String, RoundHistory.ImageState> previous = round > 1 ? history.images(round - 1) : Map.of();
            for (int i = 0; i < hashes.size(); i++) {
                String h = hashes.get(i);
                images.put(h, new RoundHistory.ImageState(labelOf.get(h), predicted[i] < 0 ? labelOf.get(h)
                        : classes.get(predicted[i]), split.of(h).folder(), Double.NaN));
                RoundHistory.ImageState old = previous.get(h);
                if (old != null && !old.label().equals(labelOf.get(h))) {
                    changed++;
                }
            }
            Map<String, Object> metricMap = new LinkedHashMap<>();
            metricMap.put("validation_accuracy", metrics.validationAccuracy());
            metricMap.put("test_accuracy", metrics.testAccuracy());
            Map<String, Object> provenance = new LinkedHashMap<>(model.info().provenance());
            provenance.put("round", round);
            provenance.put("created", Instant.now().toString());
            provenance.put("data_fingerprint", dataFingerprint(labelOf));
            provenance.put("config", config);
            Path bundle = RoundHistory.bundleDir(dataset.layout(), round);
            model.withInfo(metricMap, provenance).save(bundle);
            String configJson;
            try {
                configJson = new ObjectMapper().writeValueAsString(config);
            } catch (IOException e) {
                throw new DatasetException("Cannot record the round's settings: " + e.getMessage(), e);
            }
            RoundRecord record = new RoundRecord(round, Instant.now(), backbone.spec().name(), "fine-tune",
                    labelOf.size(), changed, metrics.validationAccuracy(), metrics.testAccuracy(), size(bundle),
                    (System.nanoTime() - start) / 1e9, configJson);
            history.save(record, metrics, images);
            return new Result(record, metrics, bundle);
        } finally {
            model.close();
        }
    }

    private static int[] labels(List<ImageSource.Labelled> items) {
        return items == null ? new int[0] : items.stream().mapToInt(ImageSource.Labelled::label).toArray();
    }

    /** The model's class for each image file (-1 for one that cannot be read), decoded and run in batches. */
    private static int[] predictFiles(TrainedModel model, List<ImageSource.Labelled> items) {
        if (items == null || items.isEmpty()) {
            return new int[0];
        }
        List<BatchClassifier.Outcome> outcomes = new BatchClassifier(model).classify(
                items.stream().map(ImageSource.Labelled::file).toList());
        return outcomes.stream().mapToInt(o -> o.ok() ? dev.loupe.work.Vectors.argmax(o.probabilities()) : -1)
                .toArray();
    }

    private static int[] predict(SoftmaxHead head, List<float[]> rows) {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dev.loupe.work.Vectors.argmax(head.probabilities(rows.get(i)));
        }
        return out;
    }


    /** A short hash of every (content, label) pair: two rounds on the same data share it. */
    private static String dataFingerprint(Map<String, String> labelOf) {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            new java.util.TreeMap<>(labelOf).forEach((sha, label) ->
                    digest.update((sha + ":" + label + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return "sha256:" + java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}

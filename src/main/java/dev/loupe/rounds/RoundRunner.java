package dev.loupe.rounds;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetException;
import dev.loupe.dataset.StableSplit;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.FineTuner;
import dev.loupe.engine.HeadTrainer;
import dev.loupe.engine.SoftmaxHead;
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
        if (config.fineTune()) {
            throw new IllegalArgumentException("Fine-tuning rounds are not available from retrain yet; use --head-only "
                    + "(the default)");
        }
        long start = System.nanoTime();
        List<String> classes = dataset.layout().classesOnDisk();
        if (classes.size() < 2) {
            throw new IllegalArgumentException("Retraining needs at least two class folders");
        }
        StableSplit split = new StableSplit(config.validationPercent(), config.testingPercent());
        try (FeatureCache cache = FeatureCache.open(dataset.layout())) {
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
            HeadTrainer trainer = new HeadTrainer();
            SoftmaxHead head = trainer.fitWithCrossValidation(trainX, trainY, classes, 3, config.seed());
            int[] valTruth = y.getOrDefault(StableSplit.Part.VALIDATION, List.of()).stream().mapToInt(Integer::intValue).toArray();
            int[] testTruth = y.getOrDefault(StableSplit.Part.TEST, List.of()).stream().mapToInt(Integer::intValue).toArray();
            int[] valPred = predict(head, x.getOrDefault(StableSplit.Part.VALIDATION, List.of()));
            int[] testPred = predict(head, x.getOrDefault(StableSplit.Part.TEST, List.of()));
            RoundMetrics metrics = RoundMetrics.of(classes, valTruth, valPred, testTruth, testPred, trainX.length);

            RoundHistory history = new RoundHistory(dataset.catalog());
            int round = history.nextRound();
            Map<String, RoundHistory.ImageState> images = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : labelOf.entrySet()) {
                double[] p = head.probabilities(vectors.get(e.getKey()));
                images.put(e.getKey(), new RoundHistory.ImageState(e.getValue(), classes.get(argmax(p)),
                        partOf.get(e.getKey()).folder()));
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
            try (TrainedModel model = TrainedModel.fromHead(backbone, head, metricMap, provenance)) {
                model.save(bundle);
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

    private static int[] predict(SoftmaxHead head, List<float[]> rows) {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = argmax(head.probabilities(rows.get(i)));
        }
        return out;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
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

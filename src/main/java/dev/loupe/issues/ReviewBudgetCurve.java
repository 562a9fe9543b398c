package dev.loupe.issues;

import dev.loupe.dataset.StableSplit;
import dev.loupe.heads.HeadTrainer;
import dev.loupe.heads.SoftmaxHead;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import dev.loupe.work.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The method's promise as a measurement: how much test accuracy a review budget buys. On a dataset whose true
 * labels are known and whose filed labels have planted errors, a simulated reviewer works through Loupe's queue
 * from the top, deciding the first N suspects with the true labels (moving the wrong ones, keeping the rest);
 * a head-only round is then trained on the stable split's training part and tested, against the true labels, on
 * its test part. The same is done with the filed (noisy) labels and with the true (clean) ones.
 */
public final class ReviewBudgetCurve {

    /** One labelled image with its true class. */
    public record Image(String path, String sha256, int filed, int truth) {
    }

    /**
     * @param budget     suspects reviewed (from the top of the queue)
     * @param fixed      planted errors among them, moved back to their class
     * @param accuracy   test accuracy of the round trained after the review, against the true labels
     */
    public record Point(int budget, int fixed, double accuracy) {
    }

    /**
     * @param noisy the round trained on the filed labels; {@code clean} on the true ones
     */
    public record Result(int planted, int testImages, double noisy, double clean, List<Point> points) {
    }

    private final StableSplit split;

    public ReviewBudgetCurve(StableSplit split) {
        this.split = split;
    }

    public Result measure(List<String> classes, List<Image> images, Map<String, float[]> vectors, List<Integer> budgets,
                          LabelIssueFinder.Config config, ProgressListener progress, CancellationToken cancel) {
        List<LabelIssueFinder.Item> items = new ArrayList<>();
        Map<String, Image> byPath = new HashMap<>();
        for (Image image : images) {
            items.add(new LabelIssueFinder.Item(image.path(), image.sha256(), image.filed()));
            byPath.put(image.path(), image);
        }
        ScoreReport report = new LabelIssueFinder().score(classes, items, vectors, Map.of(), config,
                ProgressListener.NONE, cancel);
        List<String> queue = report.queue().stream().map(ScoredImage::path).toList();
        int planted = (int) images.stream().filter(i -> i.filed() != i.truth()).count();
        long testImages = images.stream().filter(i -> vectors.containsKey(i.sha256())
                && split.of(i.sha256()) == StableSplit.Part.TEST).count();
        int steps = budgets.size() + 2;
        progress.progress(0, steps, "Training a round per budget");
        Map<String, Integer> labels = new HashMap<>();
        images.forEach(i -> labels.put(i.path(), i.filed()));
        double noisy = accuracy(classes, images, labels, vectors, config.seed());
        images.forEach(i -> labels.put(i.path(), i.truth()));
        double clean = accuracy(classes, images, labels, vectors, config.seed());
        progress.progress(2, steps, "Training a round per budget");
        List<Point> points = new ArrayList<>();
        for (int b = 0; b < budgets.size(); b++) {
            cancel.throwIfCancelled();
            int budget = Math.min(budgets.get(b), queue.size());
            images.forEach(i -> labels.put(i.path(), i.filed()));
            int fixed = 0;
            for (String path : queue.subList(0, budget)) {
                Image image = byPath.get(path);
                if (image.filed() != image.truth()) {
                    fixed++;
                }
                labels.put(path, image.truth());
            }
            points.add(new Point(budgets.get(b), fixed, accuracy(classes, images, labels, vectors, config.seed())));
            progress.progress(b + 3, steps, "Training a round per budget");
        }
        return new Result(planted, (int) testImages, noisy, clean, points);
    }

    /** A head-only round on the training part with {@code labels}; its accuracy on the test part's true labels. */
    private double accuracy(List<String> classes, List<Image> images, Map<String, Integer> labels,
                            Map<String, float[]> vectors, long seed) {
        List<float[]> trainX = new ArrayList<>();
        List<Integer> trainY = new ArrayList<>();
        List<Image> test = new ArrayList<>();
        for (Image image : images) {
            float[] v = vectors.get(image.sha256());
            if (v == null) {
                continue;
            }
            switch (split.of(image.sha256())) {
                case TRAIN -> {
                    trainX.add(v);
                    trainY.add(labels.get(image.path()));
                }
                case TEST -> test.add(image);
                default -> { }
            }
        }
        if (test.isEmpty()) {
            throw new IllegalArgumentException("The dataset is too small for a test split: add images");
        }
        SoftmaxHead head = new HeadTrainer().fitWithCrossValidation(trainX.toArray(float[][]::new),
                trainY.stream().mapToInt(Integer::intValue).toArray(), classes, 3, seed);
        long right = test.stream().filter(i -> Vectors.argmax(head.probabilities(vectors.get(i.sha256()))) == i.truth())
                .count();
        return (double) right / test.size();
    }
}

package dev.loupe.issues;

import dev.loupe.heads.HeadTrainer;
import dev.loupe.heads.SoftmaxHead;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.Parallel;
import dev.loupe.work.ProgressListener;
import dev.loupe.work.Vectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ranks likely label errors from cached features. Every image gets class probabilities from heads that never
 * saw it (k-fold out-of-fold prediction), so a memorised mistake cannot hide: by default the average of a
 * linear softmax head (its L2 strength chosen by inner cross-validation) and of its nearest neighbours' labels
 * in the other folds, which follows class boundaries a line cannot. Confident learning then estimates how many
 * labels are wrong per class pair and flags the likeliest; (near-)duplicates across classes and outliers are
 * added.
 */
public final class LabelIssueFinder {

    /** Features are projected onto this many principal components before the heads are trained. */
    public static final int PROJECTED_DIMENSIONS = 64;

    /**
     * Passes after the first, each without the suspects of the one before: measured on real and synthetic
     * photos, the second pruned pass still finds more planted errors, a third no more.
     */
    public static final int PRUNE_PASSES = 2;

    /** Neighbours whose labels vote for an image, from the folds that do not hold it. */
    static final int NEIGHBOURS = 10;
    /** Candidates searched per image, so that {@link #NEIGHBOURS} remain outside its fold and the pruned set. */
    private static final int CANDIDATES = 50;
    /** Softmax temperature of the neighbours' cosine similarities (lower: the closest count more). */
    private static final double TEMPERATURE = 0.15;
    /** Past this many images, neighbours are searched among a seeded sample of this many (linear cost). */
    static final int NEIGHBOUR_REFERENCE = 20_000;

    /** Which heads give the out-of-fold probabilities. */
    public enum Head {
        /** A linear softmax head (multinomial logistic regression). */
        LINEAR("linear"),
        /** The average of the linear head and a nearest-neighbour vote: the default. */
        LINEAR_KNN("linear+knn");

        private final String name;

        Head(String name) {
            this.name = name;
        }

        public static Head parse(String text) {
            for (Head h : values()) {
                if (h.name.equalsIgnoreCase(text)) {
                    return h;
                }
            }
            throw new IllegalArgumentException("Unknown head '" + text + "': use linear or linear+knn");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * @param folds          outer folds for out-of-fold probabilities
     * @param lowConfidence  an image whose highest probability is below this is "low confidence"
     * @param nearDuplicate  cosine similarity of features above which two images count as the same picture
     * @param outlierZ       distance to the nearest class centre, in standard deviations, that makes an outlier
     * @param prune          run {@link #PRUNE_PASSES} more passes, each training without the last one's suspects
     * @param head           which heads give the probabilities
     */
    public record Config(int folds, long seed, Ranking ranking, double lowConfidence, double nearDuplicate,
                         double outlierZ, boolean prune, Head head) {
        public Config {
            if (folds < 2) {
                throw new IllegalArgumentException("--folds must be at least 2");
            }
        }

        public static Config defaults() {
            return new Config(5, 42, Ranking.SELF_CONFIDENCE, 0.6, 0.995, 3.5, true, Head.LINEAR_KNN);
        }

        public Config withRanking(Ranking r) {
            return new Config(folds, seed, r, lowConfidence, nearDuplicate, outlierZ, prune, head);
        }

        public Config withFolds(int k) {
            return new Config(k, seed, ranking, lowConfidence, nearDuplicate, outlierZ, prune, head);
        }

        public Config withHead(Head h) {
            return new Config(folds, seed, ranking, lowConfidence, nearDuplicate, outlierZ, prune, h);
        }
    }

    /** One labelled image to score. */
    public record Item(String path, String sha256, int given) {
    }

    private HeadTrainer trainer = new HeadTrainer();

    public ScoreReport score(List<String> classes, List<Item> items, Map<String, float[]> vectors,
                             Map<String, String> skipped, Config config, ProgressListener progress,
                             CancellationToken cancel) {
        long start = System.nanoTime();
        List<Item> usable = new ArrayList<>();
        for (Item item : items) {
            if (vectors.containsKey(item.sha256())) {
                usable.add(item);
            }
        }
        int n = usable.size();
        int k = classes.size();
        int[] perClass = new int[k];
        usable.forEach(i -> perClass[i.given()]++);
        for (int c = 0; c < k; c++) {
            if (perClass[c] < config.folds()) {
                throw new IllegalArgumentException("Class '" + classes.get(c) + "' has " + perClass[c]
                        + " usable image(s); scoring needs at least " + config.folds() + " per class (one per fold)");
            }
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = usable.get(i).given();
        }
        FeatureGeometry geometry = FeatureGeometry.of(usable.stream().map(Item::sha256).toList(),
                usable.stream().map(i -> vectors.get(i.sha256())).toList(), PROJECTED_DIMENSIONS,
                config.head() == Head.LINEAR_KNN ? CANDIDATES : 0, NEIGHBOUR_REFERENCE, config.seed());
        float[][] x = geometry.normalized;
        float[][] projected = geometry.projected;
        CosineNeighbours.Result neighbours = geometry.neighbours;
        int[] fold = HeadTrainer.stratifiedFolds(y, k, config.folds(), config.seed());
        double[] l2 = new double[1];
        // Principal components keep their relative variances (standardising them would amplify noise).
        trainer = geometry.reduced ? new HeadTrainer(200, false) : new HeadTrainer();
        l2[0] = chooseL2(projected, y, classes, fold, config);
        double[][] p = outOfFold(projected, y, classes, fold, config, new boolean[n], l2, progress, cancel, 0);
        vote(p, neighbours, y, k, fold, new boolean[n]);
        for (int pass = 1; config.prune() && pass <= PRUNE_PASSES; pass++) {
            // Train again without the images the pass before found suspicious, so that mislabelled training
            // images no longer pull the heads (and the votes) towards their wrong labels.
            ConfidentLearning before = ConfidentLearning.analyze(p, y, k);
            boolean[] suspect = new boolean[n];
            for (int i = 0; i < n; i++) {
                suspect[i] = before.flagged.contains(i) || Vectors.argmax(p[i]) != y[i];
            }
            p = outOfFold(projected, y, classes, fold, config, suspect, l2, progress, cancel, pass * config.folds());
            vote(p, neighbours, y, k, fold, suspect);
        }
        progress.progress(config.folds(), config.folds(), "Ranking");
        ConfidentLearning cl = ConfidentLearning.analyze(p, y, k);

        Map<Integer, List<String>> duplicates = conflictingDuplicates(usable, x, config);
        boolean[] outlier = outliers(x, y, k, config.outlierZ());

        List<ScoredImage> queue = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int argmax = Vectors.argmax(p[i]);
            IssueKind kind;
            if (duplicates.containsKey(i)) {
                kind = IssueKind.DUPLICATE;
            } else if (argmax != y[i] || cl.flagged.contains(i)) {
                kind = IssueKind.MISCLASSIFIED;
            } else if (outlier[i]) {
                kind = IssueKind.OUTLIER;
            } else if (p[i][argmax] < config.lowConfidence()) {
                kind = IssueKind.LOW_CONFIDENCE;
            } else {
                kind = IssueKind.OK;
            }
            int suggested = kind == IssueKind.OK ? argmax : Vectors.argmax(p[i], y[i]);
            double score = config.ranking().score(p[i], y[i]);
            Item item = usable.get(i);
            queue.add(new ScoredImage(item.path(), item.sha256(), y[i], p[i], suggested, score, kind,
                    duplicates.getOrDefault(i, List.of())));
        }
        queue.sort(Comparator.comparingDouble(ScoredImage::issueScore).reversed()
                .thenComparing(s -> s.kind() == IssueKind.OK)
                .thenComparing(ScoredImage::path));

        Map<String, Long> estimated = new LinkedHashMap<>();
        for (int g = 0; g < k; g++) {
            for (int t = 0; t < k; t++) {
                if (g != t) {
                    estimated.put(classes.get(g) + " -> " + classes.get(t), Math.round(cl.calibrated[g][t]));
                }
            }
        }
        Map<String, String> missing = new LinkedHashMap<>(skipped);
        for (Item item : items) {
            if (!vectors.containsKey(item.sha256())) {
                missing.putIfAbsent(item.path(), "no features (image could not be decoded)");
            }
        }
        return new ScoreReport(List.copyOf(classes), queue, cl.joint, estimated, missing, l2[0],
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Out-of-fold probabilities: for each fold, a head trained on the other folds (leaving out images marked in
     * {@code exclude}), its L2 strength chosen by inner cross-validation on them.
     */
    private double[][] outOfFold(float[][] x, int[] y, List<String> classes, int[] fold, Config config,
                                 boolean[] exclude, double[] l2, ProgressListener progress,
                                 CancellationToken cancel, int stepOffset) {
        int n = x.length;
        int steps = (config.prune() ? 1 + PRUNE_PASSES : 1) * config.folds();
        double[][] p = new double[n][];
        cancel.throwIfCancelled();
        progress.progress(stepOffset, steps, "Out-of-fold probabilities");
        List<SoftmaxHead> heads = Parallel.map(config.folds(), f -> {
            Rows train = Rows.where(x, y, i -> fold[i] != f && !exclude[i]);
            return trainer.fit(train.x(), train.y(), classes, l2[0]);
        });
        for (int i = 0; i < n; i++) {
            p[i] = heads.get(fold[i]).probabilities(x[i]);
        }
        progress.progress(stepOffset + config.folds(), steps, "Out-of-fold probabilities");
        return p;
    }

    /**
     * Averages each image's probabilities {@code p} with the vote of its {@link #NEIGHBOURS} most similar images
     * in other folds (leaving out those marked in {@code exclude}), weighted by a softmax of their similarity;
     * nothing when {@code neighbours} is null (the linear head alone).
     */
    private static void vote(double[][] p, CosineNeighbours.Result neighbours, int[] y, int k, int[] fold,
                             boolean[] exclude) {
        if (neighbours == null) {
            return;
        }
        for (int i = 0; i < p.length; i++) {
            double[] votes = new double[k];
            double total = 0;
            int used = 0;
            int[] who = neighbours.index()[i];
            float[] sim = neighbours.similarity()[i];
            double closest = sim.length == 0 ? 0 : sim[0];
            for (int q = 0; q < who.length && used < NEIGHBOURS; q++) {
                int j = who[q];
                if (fold[j] == fold[i] || exclude[j]) {
                    continue;
                }
                double w = Math.exp((sim[q] - closest) / TEMPERATURE);
                votes[y[j]] += w;
                total += w;
                used++;
            }
            double prior = 1e-3;
            for (int c = 0; c < k; c++) {
                double knn = (votes[c] + prior) / (total + prior * k);
                p[i][c] = (p[i][c] + knn) / 2;
            }
        }
    }

    /**
     * The head's L2 strength, chosen by cross-validation inside the first outer fold's training images (never
     * its test images), then used for every fold: one inner search instead of one per fold.
     */
    private double chooseL2(float[][] x, int[] y, List<String> classes, int[] fold, Config config) {
        Rows train = Rows.where(x, y, i -> fold[i] != 0);
        return trainer.chooseL2(train.x(), train.y(), classes, 3, config.seed());
    }

    /** The feature rows and labels of the images that {@code keep} accepts, in order. */
    private record Rows(float[][] x, int[] y) {
        static Rows where(float[][] x, int[] y, java.util.function.IntPredicate keep) {
            int[] chosen = java.util.stream.IntStream.range(0, x.length).filter(keep).toArray();
            float[][] xs = new float[chosen.length][];
            int[] ys = new int[chosen.length];
            for (int i = 0; i < chosen.length; i++) {
                xs[i] = x[chosen[i]];
                ys[i] = y[chosen[i]];
            }
            return new Rows(xs, ys);
        }
    }

    /** For each image, the paths of identical or near-identical images filed under another class. */
    private static Map<Integer, List<String>> conflictingDuplicates(List<Item> items, float[][] x, Config config) {
        Map<Integer, List<String>> out = new HashMap<>();
        Map<String, List<Integer>> byHash = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byHash.computeIfAbsent(items.get(i).sha256(), h -> new ArrayList<>()).add(i);
        }
        List<int[]> pairs = new ArrayList<>(NearDuplicates.pairs(x, config.nearDuplicate(), config.seed()));
        for (List<Integer> same : byHash.values()) {
            for (int a = 0; a < same.size(); a++) {
                for (int b = a + 1; b < same.size(); b++) {
                    pairs.add(new int[] {same.get(a), same.get(b)});
                }
            }
        }
        for (int[] pair : pairs) {
            Item a = items.get(pair[0]);
            Item b = items.get(pair[1]);
            if (a.given() != b.given()) {
                List<String> forA = out.computeIfAbsent(pair[0], i -> new ArrayList<>());
                if (!forA.contains(b.path())) {
                    forA.add(b.path());
                }
                List<String> forB = out.computeIfAbsent(pair[1], i -> new ArrayList<>());
                if (!forB.contains(a.path())) {
                    forB.add(a.path());
                }
            }
        }
        out.values().forEach(list -> list.sort(null));
        return out;
    }

    /** Images whose distance to the nearest class centre is far beyond the typical distance. */
    private static boolean[] outliers(float[][] x, int[] y, int k, double z) {
        int n = x.length;
        int d = x[0].length;
        double[][] centre = new double[k][d];
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            count[y[i]]++;
            for (int j = 0; j < d; j++) {
                centre[y[i]][j] += x[i][j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                centre[c][j] /= Math.max(1, count[c]);
            }
        }
        double[] dist = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double v = x[i][j] - centre[c][j];
                    s += v * v;
                }
                best = Math.min(best, Math.sqrt(s));
            }
            dist[i] = best;
            mean += best / n;
        }
        double var = 0;
        for (double v : dist) {
            var += (v - mean) * (v - mean) / n;
        }
        double sd = Math.sqrt(var);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = sd > 0 && (dist[i] - mean) / sd > z;
        }
        return out;
    }

    /**
     * Signed square root, then unit length: damps the few dominant activations of pooled CNN features so that a
     * linear head weighs all of them (a standard step for linear classifiers on CNN features).
     */
    public static float[] powerNormalize(float[] v) {
        float[] out = new float[v.length];
        double norm = 0;
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (Math.signum(v[i]) * Math.sqrt(Math.abs(v[i])));
            norm += out[i] * out[i];
        }
        double scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
        for (int i = 0; i < out.length; i++) {
            out[i] *= (float) scale;
        }
        return out;
    }
}

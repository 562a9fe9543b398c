package dev.loupe.spark;

import dev.loupe.cluster.ClusterColumns;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.engine.Projection;
import dev.loupe.features.FeatureCache;
import dev.loupe.heads.FoldHeads;
import dev.loupe.heads.HeadTrainer;
import dev.loupe.heads.SoftmaxHead;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.work.ProgressListener;
import dev.loupe.work.Vectors;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Ranks a cluster run's features without holding them on the driver, for tables larger than one node's memory:
 * the principal components come from covariance sums over the executors, the out-of-fold linear heads are
 * trained together with every L-BFGS step one pass over the executors' rows ({@link FoldHeads}), and confident
 * learning's thresholds, confident joint and "prune by noise rate" cut-offs are aggregates. The same passes as
 * the desktop (a first pass, then {@link LabelIssueFinder#PRUNE_PASSES} without the suspects before), the same
 * ranking and kinds; what differs: folds by content hash rather than stratified, the linear head only (no
 * neighbour vote), the L2 strength chosen by cross-validation on a sample of 20,000 rows, and no duplicate or
 * outlier check. The queue is written by the executors, best suspects first.
 */
public final class ExecutorScorer {

    static final int L2_SAMPLE = 20_000;
    static final int MAX_ITERATIONS = 100;

    private ExecutorScorer() {
    }

    /** What a run found; the queue itself is in the files it wrote. */
    public record Summary(long images, List<String> classes, Map<String, Long> estimatedErrors,
                          Map<IssueKind, Long> kinds, double l2, Duration elapsed) {
        public long totalEstimatedErrors() {
            return estimatedErrors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One image on an executor: its place, its class and fold, its features (raw, then projected). */
    record Vec(String path, int label, int fold, float[] x, boolean excluded) implements Serializable {
        Vec excluding(boolean e) {
            return new Vec(path, label, fold, x, e);
        }
    }

    /** Confident learning's verdict, small enough to ship to every executor. */
    record Verdict(List<SoftmaxHead> heads, double[][] cutoff) implements Serializable {
        double[] probabilities(Vec v) {
            return heads.get(v.fold()).probabilities(v.x());
        }

        boolean flagged(Vec v, double[] p) {
            for (int t = 0; t < p.length; t++) {
                if (t != v.label() && p[t] - p[v.label()] >= cutoff[v.label()][t]) {
                    return true;
                }
            }
            return false;
        }
    }

    public static Summary run(SparkSession spark, String features, String out, LabelIssueFinder.Config config,
                              ProgressListener progress) {
        long start = System.nanoTime();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> table = spark.read().parquet(features)
                .where(ClusterColumns.VECTOR + " IS NOT NULL AND " + ClusterColumns.PATH + " LIKE '%/%'");
        List<String> classes = new ArrayList<>();
        for (Row r : table.select(ClusterColumns.CLASS).distinct().collectAsList()) {
            if (DatasetLayout.isClassName(r.getString(0))) {
                classes.add(r.getString(0));
            }
        }
        classes.sort(null);
        if (classes.size() < 2) {
            throw new IllegalArgumentException("Scoring needs at least two classes; " + features + " has "
                    + String.join(", ", classes));
        }
        int k = classes.size();
        int folds = config.folds();
        long seed = config.seed();
        JavaRDD<Vec> raw = table.select(ClusterColumns.SHA256, ClusterColumns.PATH, ClusterColumns.CLASS,
                ClusterColumns.VECTOR).javaRDD().filter(r -> classes.contains(r.getString(2)))
                .map(r -> new Vec(r.getString(1), classes.indexOf(r.getString(2)), fold(r.getString(0), folds, seed),
                        LabelIssueFinder.powerNormalize(FeatureCache.decode(r.getAs(3))), false))
                .persist(StorageLevel.MEMORY_AND_DISK());
        progress.progress(0, -1, "Principal components on the executors");
        JavaRDD<Vec> rows = project(raw);
        rows.persist(StorageLevel.MEMORY_AND_DISK());
        long n = rows.count();
        if (rows != raw) {
            raw.unpersist(); // the projected rows are cached now; the raw vectors are not needed again
        }
        int d = rows.first().x().length;

        List<Vec> sample = rows.takeSample(false, L2_SAMPLE, seed);
        float[][] xs = sample.stream().map(Vec::x).toArray(float[][]::new);
        int[] ys = sample.stream().mapToInt(Vec::label).toArray();
        double l2 = new HeadTrainer(200, false).chooseL2(xs, ys, classes, 3, seed);

        Verdict verdict = null;
        for (int pass = 0; pass <= (config.prune() ? LabelIssueFinder.PRUNE_PASSES : 0); pass++) {
            if (verdict != null) {
                Broadcast<Verdict> before = sc.broadcast(verdict);
                JavaRDD<Vec> pruned = rows.map(v -> {
                    double[] p = before.value().probabilities(v);
                    return v.excluding(Vectors.argmax(p) != v.label() || before.value().flagged(v, p));
                }).persist(StorageLevel.MEMORY_AND_DISK());
                pruned.count();
                rows.unpersist();
                rows = pruned;
            }
            progress.progress(pass, LabelIssueFinder.PRUNE_PASSES + 1, "Out-of-fold heads on the executors");
            JavaRDD<Vec> training = rows;
            List<SoftmaxHead> heads = FoldHeads.fit(params -> {
                Broadcast<double[]> shipped = sc.broadcast(params);
                double[] sum = training.aggregate(new double[FoldHeads.partialLength(folds, k, d)], (acc, v) -> {
                    if (!v.excluded()) {
                        FoldHeads.accumulate(shipped.value(), v.x(), v.label(), v.fold(), folds, k, acc);
                    }
                    return acc;
                }, FoldHeads::merge);
                shipped.destroy();
                return sum;
            }, folds, classes, d, l2, MAX_ITERATIONS);
            verdict = confidentLearning(sc, rows, heads, k);
        }
        Map<String, Long> estimated = new LinkedHashMap<>();
        Verdict last = verdict;
        double[][] calibrated = calibrated(sc, rows, last, k);
        for (int g = 0; g < k; g++) {
            for (int t = 0; t < k; t++) {
                if (g != t) {
                    estimated.put(classes.get(g) + " -> " + classes.get(t), Math.round(calibrated[g][t]));
                }
            }
        }
        Broadcast<Verdict> finalVerdict = sc.broadcast(last);
        double low = config.lowConfidence();
        var ranking = config.ranking();
        JavaRDD<Row> queue = rows.map(v -> {
            double[] p = finalVerdict.value().probabilities(v);
            int argmax = Vectors.argmax(p);
            IssueKind kind = argmax != v.label() || finalVerdict.value().flagged(v, p) ? IssueKind.MISCLASSIFIED
                    : p[argmax] < low ? IssueKind.LOW_CONFIDENCE : IssueKind.OK;
            int suggested = kind == IssueKind.OK ? argmax : Vectors.argmax(p, v.label());
            return RowFactory.create(0, v.path(), classes.get(v.label()), classes.get(suggested), p[v.label()],
                    p[suggested], ranking.score(p, v.label()), kind.code());
        });
        // Best suspects first (ties: suspects before images that look fine, then by path), ranks from 1.
        JavaRDD<Row> ordered = spark.createDataFrame(queue, SparkSchemas.queue())
                .orderBy(org.apache.spark.sql.functions.col("issue_score").desc(),
                        org.apache.spark.sql.functions.expr("kind = 'ok'"), org.apache.spark.sql.functions.col("path"))
                .javaRDD().zipWithIndex().map(pair -> {
                    Row r = pair._1();
                    return RowFactory.create((int) (pair._2() + 1), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5),
                            r.get(6), r.get(7));
                });
        Dataset<Row> sorted = spark.createDataFrame(ordered, SparkSchemas.queue());
        sorted.persist(StorageLevel.MEMORY_AND_DISK());
        sorted.write().parquet(out + "/review-queue.parquet");
        sorted.select(sorted.col("rank"), sorted.col("path"), sorted.col("given_label"), sorted.col("suggested_label"),
                org.apache.spark.sql.functions.format_number(sorted.col("p_given"), 6).as("p_given"),
                org.apache.spark.sql.functions.format_number(sorted.col("p_suggested"), 6).as("p_suggested"),
                org.apache.spark.sql.functions.format_number(sorted.col("issue_score"), 6).as("issue_score"),
                sorted.col("kind")).coalesce(1).write().option("header", "true").csv(out + "/review-queue-csv");
        Map<IssueKind, Long> kinds = new LinkedHashMap<>();
        for (IssueKind kind : IssueKind.values()) {
            kinds.put(kind, 0L);
        }
        for (Row r : sorted.groupBy("kind").count().collectAsList()) {
            for (IssueKind kind : IssueKind.values()) {
                if (kind.code().equals(r.getString(0))) {
                    kinds.put(kind, r.getLong(1));
                }
            }
        }
        sorted.unpersist();
        rows.unpersist();
        return new Summary(n, List.copyOf(classes), estimated, kinds, l2, Duration.ofNanos(System.nanoTime() - start));
    }

    /** A stable fold from the content hash: the same image lands in the same fold in every run. */
    static int fold(String sha256, int folds, long seed) {
        long h = sha256.hashCode() * 0x9E3779B97F4A7C15L ^ seed;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return (int) Long.remainderUnsigned(h, folds);
    }

    /** The rows on their top principal components: mean and covariance summed over the executors. */
    private static JavaRDD<Vec> project(JavaRDD<Vec> raw) {
        int d = raw.first().x().length;
        int dims = LabelIssueFinder.PROJECTED_DIMENSIONS;
        double[] sums = raw.aggregate(new double[d + 1], (acc, v) -> {
            for (int j = 0; j < d; j++) {
                acc[j] += v.x()[j];
            }
            acc[d] += 1;
            return acc;
        }, FoldHeads::merge);
        long n = (long) sums[d];
        if (d <= dims || n <= dims) {
            return raw;
        }
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sums[j] / n;
        }
        double[] covariance = raw.aggregate(new double[d * d], (acc, v) -> {
            float[] x = v.x();
            for (int a = 0; a < d; a++) {
                double xa = x[a] - mean[a];
                int row = a * d;
                for (int b = 0; b < d; b++) {
                    acc[row + b] += xa * (x[b] - mean[b]);
                }
            }
            return acc;
        }, FoldHeads::merge);
        for (int i = 0; i < covariance.length; i++) {
            covariance[i] /= n;
        }
        Projection.Basis basis = Projection.basis(mean, covariance, dims);
        return raw.map(v -> new Vec(v.path(), v.label(), v.fold(), basis.project(v.x()), false));
    }

    /** Thresholds, the confident joint and each class pair's "prune by noise rate" cut-off, as aggregates. */
    private static Verdict confidentLearning(JavaSparkContext sc, JavaRDD<Vec> rows, List<SoftmaxHead> heads, int k) {
        Verdict open = new Verdict(heads, new double[k][k]);
        double[][] calibrated = calibrated(sc, rows, open, k);
        double[][] cutoff = new double[k][k];
        Broadcast<Verdict> b = sc.broadcast(open);
        for (int g = 0; g < k; g++) {
            for (int t = 0; t < k; t++) {
                cutoff[g][t] = Double.POSITIVE_INFINITY;
                int take = (int) Math.round(calibrated[g][t]);
                if (g == t || take == 0) {
                    continue;
                }
                int given = g;
                int truth = t;
                List<Double> top = rows.filter(v -> v.label() == given).map(v -> {
                    double[] p = b.value().probabilities(v);
                    return p[truth] - p[given];
                }).top(take);
                cutoff[g][t] = top.get(top.size() - 1);
            }
        }
        return new Verdict(heads, cutoff);
    }

    /** Confident learning's calibrated joint of given and likely-true classes under these heads. */
    private static double[][] calibrated(JavaSparkContext sc, JavaRDD<Vec> rows, Verdict verdict, int k) {
        Broadcast<Verdict> b = sc.broadcast(verdict);
        double[] perClass = rows.aggregate(new double[2 * k], (acc, v) -> {
            acc[v.label()] += b.value().probabilities(v)[v.label()];
            acc[k + v.label()] += 1;
            return acc;
        }, FoldHeads::merge);
        double[] thresholds = new double[k];
        for (int c = 0; c < k; c++) {
            thresholds[c] = perClass[k + c] == 0 ? 1 : perClass[c] / perClass[k + c];
        }
        double[] joint = rows.aggregate(new double[k * k], (acc, v) -> {
            double[] p = b.value().probabilities(v);
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (p[c] >= thresholds[c] && (best < 0 || p[c] > p[best])) {
                    best = c;
                }
            }
            if (best >= 0) {
                acc[v.label() * k + best] += 1;
            }
            return acc;
        }, FoldHeads::merge);
        double[][] calibrated = new double[k][k];
        for (int g = 0; g < k; g++) {
            double row = 0;
            for (int c = 0; c < k; c++) {
                row += joint[g * k + c];
            }
            for (int c = 0; c < k; c++) {
                calibrated[g][c] = row == 0 ? (g == c ? perClass[k + g] : 0) : joint[g * k + c] / row * perClass[k + g];
            }
        }
        return calibrated;
    }

    static String describe(Summary s) {
        return String.format(Locale.ROOT, "Scored %d images in %d classes on the executors in %.1f s (L2 %.0e)",
                s.images(), s.classes().size(), s.elapsed().toMillis() / 1000.0, s.l2());
    }
}

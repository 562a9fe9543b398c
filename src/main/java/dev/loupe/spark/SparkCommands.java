package dev.loupe.spark;

import dev.loupe.cli.BackboneOptions;
import dev.loupe.cli.StderrProgress;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.PortableJudge;
import dev.loupe.issues.IssueKind;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.cli.RankingOptions;
import dev.loupe.issues.ScoreReport;
import dev.loupe.work.CancellationToken;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The cluster commands, run under {@code spark-submit --class dev.loupe.Main loupe.jar ...}. */
public final class SparkCommands {

    private SparkCommands() {
    }

    /** The session spark-submit set up, or {@code local[*]} when started as a plain Java program. */
    static SparkSession session(String name) {
        SparkSession.Builder builder = SparkSession.builder().appName(name);
        if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]");
        }
        return builder.getOrCreate();
    }

    /**
     * Refuses an output that is there already, before any work: Loupe never overwrites (Spark would refuse too,
     * but only after featurizing, and with a stack trace).
     */
    static void requireAbsent(SparkSession spark, String out) {
        try {
            org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(out);
            if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
                throw new IllegalArgumentException(out + " exists already; Loupe never overwrites: choose another --out");
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot check " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * Spark's own errors (a table that is not there, a failed task) as one sentence for the user: the first line
     * of the deepest cause. Loupe's own errors pass as they are.
     */
    static RuntimeException explained(Exception e) {
        if (e instanceof IllegalArgumentException || e instanceof dev.loupe.engine.EngineException
                || e instanceof dev.loupe.dataset.DatasetException) {
            return (RuntimeException) e;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new IllegalArgumentException(message.lines().findFirst().orElse(message), e);
    }

    @Command(name = "featurize-spark", mixinStandardHelpOptions = true,
            description = "Featurize a folder-per-class image tree on Spark and write one Parquet row per file "
                    + "(content hash, judge fingerprint, decoder, path, class, bytes, vector or error), keyed as the "
                    + "desktop's feature cache. Load it into a dataset with: loupe import-features DIR PARQUET")
    public static final class Featurize implements Callable<Integer> {

        @Option(names = "--input", required = true, paramLabel = "URI",
                description = "the dataset folder: a local path, hdfs://... or s3a://...")
        String input;

        @Option(names = "--out", required = true, paramLabel = "URI", description = "where to write the Parquet table")
        String out;

        @Mixin
        BackboneOptions backbone;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StderrProgress progress = new StderrProgress();
            PortableJudge judge;
            try (FeatureExtractor extractor = backbone.open(progress, CancellationToken.none())) {
                judge = PortableJudge.of(extractor);
            }
            SparkSession spark = session("loupe featurize-spark");
            requireAbsent(spark, out);
            long start = System.nanoTime();
            try {
                ClusterFeaturizer.featurize(spark, input, judge).write().mode(SaveMode.ErrorIfExists).parquet(out);
            } catch (Exception e) {
                throw explained(e);
            }
            Dataset<Row> written = spark.read().parquet(out);
            long total = written.count();
            long failed = written.where("error IS NOT NULL").count();
            double seconds = (System.nanoTime() - start) / 1e9;
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "Featurized %d files with %s in %.1f s (%.0f img/s): %d with features, %d failed.%n",
                    total, judge.name(), seconds, total / seconds, total - failed, failed);
            for (Row r : written.where("error IS NOT NULL").select("path", "error").limit(20).collectAsList()) {
                w.printf(Locale.ROOT, "  not featurized: %s (%s)%n", r.getString(0), r.getString(1));
            }
            w.printf(Locale.ROOT, "Features written to %s%n", out);
            w.flush();
            return 0;
        }
    }

    @Command(name = "score-spark", mixinStandardHelpOptions = true,
            description = "Rank likely label errors in a featurize-spark table with the desktop's ranking, on the "
                    + "driver; writes review-queue.csv and review-queue.parquet (the columns of loupe score) to --out")
    public static final class Score implements Callable<Integer> {

        @Option(names = "--features", required = true, paramLabel = "URI", description = "a featurize-spark table")
        String features;

        @Option(names = "--out", required = true, paramLabel = "URI", description = "a folder for the review queue")
        String out;

        @Mixin
        RankingOptions ranking;

        @Option(names = "--on-executors", description = "rank without holding the features on the driver, for "
                + "tables larger than its memory: heads trained on the executors (linear head only, no duplicate or "
                + "outlier check); writes review-queue.parquet and review-queue-csv/")
        boolean onExecutors;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            LabelIssueFinder.Config config = ranking.config();
            SparkSession spark = session("loupe score-spark");
            requireAbsent(spark, out);
            try {
                return score(spark, config);
            } catch (Exception e) {
                throw explained(e);
            }
        }

        private int score(SparkSession spark, LabelIssueFinder.Config config) {
            StderrProgress progress = new StderrProgress();
            if (onExecutors) {
                ExecutorScorer.Summary summary;
                try {
                    summary = ExecutorScorer.run(spark, features, out, config, progress);
                } finally {
                    progress.finish();
                }
                PrintWriter w = spec.commandLine().getOut();
                w.printf(Locale.ROOT, "%s; estimated label errors: %d%n", ExecutorScorer.describe(summary),
                        summary.totalEstimatedErrors());
                summary.estimatedErrors().forEach((pair, count) -> w.printf(Locale.ROOT, "  filed as %s: %d%n",
                        pair.replace(" -> ", ", looks like "), count));
                w.printf(Locale.ROOT, "Queue: %d misclassified, %d low-confidence; written to %s/review-queue.parquet "
                        + "and %s/review-queue-csv/%n", summary.kinds().get(IssueKind.MISCLASSIFIED),
                        summary.kinds().get(IssueKind.LOW_CONFIDENCE), out, out);
                w.flush();
                return 0;
            }
            ScoreReport report;
            try {
                report = ClusterScorer.score(spark, features, config, progress);
            } finally {
                progress.finish();
            }
            ClusterScorer.write(spark, report, out);
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "Scored %d images in %d classes in %.1f s; estimated label errors: %d%n",
                    report.queue().size(), report.classes().size(), report.elapsed().toMillis() / 1000.0,
                    report.totalEstimatedErrors());
            report.estimatedErrors().forEach((pair, count) -> w.printf(Locale.ROOT, "  filed as %s: %d%n",
                    pair.replace(" -> ", ", looks like "), count));
            w.printf(Locale.ROOT, "Review queue written to %s/review-queue.csv and %s/review-queue.parquet%n", out, out);
            w.flush();
            return 0;
        }
    }
}

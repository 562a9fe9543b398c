package dev.loupe.spark;

import dev.loupe.cli.BackboneOptions;
import dev.loupe.cli.StderrProgress;
import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.PortableJudge;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.FeaturizeReport;
import dev.loupe.features.Featurizer;
import dev.loupe.imaging.ModelInput;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ScratchFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.ScoreReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench-spark DIR}: the Spark featurizer against the desktop's on the same images, both cold (the
 * desktop's features go to a scratch cache, never the dataset's), each run {@code --runs} times.
 */
@Command(name = "bench-spark", mixinStandardHelpOptions = true,
        description = "Images/s of featurize-spark (in this Spark session, e.g. local[2]) against the desktop "
                + "featurizer on the same dataset, both from scratch. The dataset's own cache is not touched.")
public final class SparkBench implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a dataset folder (class folders of images)")
    Path dir;

    @Mixin
    BackboneOptions backbone;

    @Option(names = "--runs", defaultValue = "3", description = "runs of each (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--score-rows", defaultValue = "0", paramLabel = "N",
            description = "also time score-spark on N synthetic 256-d feature rows (two classes, 10%% of labels "
                    + "flipped), written as a table first; the driver needs ~2 KB of heap per row")
    int scoreRows;

    @Option(names = "--score-on-executors", description = "with --score-rows, also time score-spark --on-executors")
    boolean onExecutors;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = SparkCommands.session("loupe bench-spark");
        StderrProgress quiet = new StderrProgress();
        try (FeatureExtractor extractor = backbone.open(quiet, CancellationToken.none());
             ScratchFolder scratch = ScratchFolder.create("loupe-bench-spark")) {
            PortableJudge judge = PortableJudge.of(extractor);
            DatasetLayout layout = new DatasetLayout(dir);
            out.printf(Locale.ROOT, "# %s, %s, %d cores, Spark %s master %s, JPEG decoder %s%n", dir,
                    extractor.spec().name(), Runtime.getRuntime().availableProcessors(), spark.version(),
                    spark.sparkContext().master(), ModelInput.jpegDecoder());
            out.println("run,path,images,seconds,img_s");
            if (scoreRows > 0) {
                scoreTiming(spark, out, scratch.path().resolve("synthetic"));
            }
            try (Catalog catalog = Catalog.open(layout)) {
                new DatasetScanner().scan(catalog, quiet, CancellationToken.none());
                for (int run = 1; run <= runs; run++) {
                    try (FeatureCache cache = FeatureCache.openIn(scratch.path().resolve("desktop-" + run))) {
                        FeaturizeReport r = new Featurizer().featurize(catalog, extractor, cache,
                                (done, total, message) -> { }, CancellationToken.none());
                        line(out, run, "desktop", r.computed(), r.elapsed().toNanos() / 1e9);
                    }
                    long start = System.nanoTime();
                    String table = scratch.path().resolve("spark-" + run).toString();
                    ClusterFeaturizer.featurize(spark, dir.toString(), judge).write().parquet(table);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    long images = spark.read().parquet(table).where("vector IS NOT NULL").count();
                    line(out, run, "spark", images, seconds);
                }
            }
        } finally {
            quiet.finish();
        }
        out.flush();
        return 0;
    }

    /** Writes {@code scoreRows} synthetic rows as a featurize-spark table, then reads and ranks them on the driver. */
    private void scoreTiming(SparkSession spark, PrintWriter out, Path table) {
        SyntheticFeatures.write(spark, scoreRows, table.toString());
        long start = System.nanoTime();
        ScoreReport report = ClusterScorer.score(spark, table.toString(), LabelIssueFinder.Config.defaults(),
                (done, total, message) -> { });
        double seconds = (System.nanoTime() - start) / 1e9;
        long planted = report.queue().stream().limit(scoreRows / 10).filter(s -> SyntheticFeatures.planted(s.path()))
                .count();
        out.printf(Locale.ROOT, "score-spark rows=%d dims=256 read_and_rank_s=%.1f rank_s=%.1f planted_found_at_k=%.3f "
                        + "heap_max_gb=%.1f%n", scoreRows, seconds, report.elapsed().toNanos() / 1e9,
                planted / (double) (scoreRows / 10), Runtime.getRuntime().maxMemory() / 1e9);
        out.flush();
        if (onExecutors) {
            start = System.nanoTime();
            String queue = table.resolveSibling("executor-queue").toString();
            ExecutorScorer.Summary summary = ExecutorScorer.run(spark, table.toString(), queue,
                    LabelIssueFinder.Config.defaults(), (done, total, message) -> { });
            long found = spark.read().parquet(queue + "/review-queue.parquet")
                    .where("rank <= " + scoreRows / 10 + " AND path LIKE '%/flipped-%'").count();
            out.printf(Locale.ROOT, "score-spark --on-executors rows=%d dims=256 s=%.1f planted_found_at_k=%.3f%n",
                    summary.images(), (System.nanoTime() - start) / 1e9, found / (double) (scoreRows / 10));
            out.flush();
        }
    }

    private static void line(PrintWriter out, int run, String path, long images, double seconds) {
        out.printf(Locale.ROOT, "%d,%s,%d,%.2f,%.1f%n", run, path, images, seconds, images / seconds);
        out.flush();
    }
}

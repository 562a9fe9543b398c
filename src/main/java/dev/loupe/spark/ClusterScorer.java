package dev.loupe.spark;

import dev.loupe.cluster.ClusterColumns;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.ReviewQueueCsv;
import dev.loupe.issues.ScoreReport;
import dev.loupe.issues.ScoredImage;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Ranks a cluster run's features with the desktop's own code on the driver ({@link LabelIssueFinder}), so the
 * ranking equals what {@code loupe score} gives for the same images. Rows stream to the driver and are kept as
 * float vectors only (10M images of 256 features: ~10 GB; the principal components are computed from blocks,
 * never from one n x d array of doubles). Images are ordered by path and classes by name, as the desktop's
 * catalog orders them.
 */
public final class ClusterScorer {

    private ClusterScorer() {
    }

    public static ScoreReport score(SparkSession spark, String features, LabelIssueFinder.Config config,
                                    ProgressListener progress) {
        Dataset<Row> table = spark.read().parquet(features);
        List<Row> fingerprints = table.select(ClusterColumns.FINGERPRINT, ClusterColumns.DECODER).distinct()
                .collectAsList();
        if (fingerprints.size() != 1) {
            throw new IllegalArgumentException(features + " holds features of " + fingerprints.size()
                    + " judges (" + fingerprints + "); score one judge's run at a time");
        }
        Map<String, float[]> vectors = new HashMap<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<String[]> files = new ArrayList<>();
        TreeSet<String> classes = new TreeSet<>();
        Iterator<Row> rows = table.select(ClusterColumns.SHA256, ClusterColumns.PATH, ClusterColumns.CLASS,
                ClusterColumns.VECTOR, ClusterColumns.ERROR).toLocalIterator();
        long read = 0;
        while (rows.hasNext()) {
            Row r = rows.next();
            String path = r.getString(1);
            String label = r.getString(2);
            if (!path.contains("/") || !DatasetLayout.isClassName(label)) {
                continue;
            }
            classes.add(label);
            if (r.isNullAt(3)) {
                skipped.put(path, r.isNullAt(4) ? "no features" : r.getString(4));
            } else {
                vectors.computeIfAbsent(r.getString(0), k -> decode(r.getAs(3)));
                files.add(new String[] {path, r.getString(0), label});
            }
            if (++read % 10_000 == 0) {
                progress.progress(read, -1, "Reading features");
            }
        }
        files.sort(Comparator.comparing(f -> f[0]));
        List<String> names = new ArrayList<>(classes);
        List<LabelIssueFinder.Item> items = new ArrayList<>(files.size());
        for (String[] f : files) {
            items.add(new LabelIssueFinder.Item(f[0], f[1], names.indexOf(f[2])));
        }
        if (names.size() < 2) {
            throw new IllegalArgumentException("Scoring needs at least two classes; " + features + " has "
                    + (names.isEmpty() ? "none" : String.join(", ", names)));
        }
        return new LabelIssueFinder().score(names, items, vectors, skipped, config, progress,
                CancellationToken.none());
    }

    /** Writes the queue as {@code review-queue.csv} and {@code review-queue.parquet} under {@code out}. */
    public static void write(SparkSession spark, ScoreReport report, String out) {
        try {
            org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(out);
            FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
            org.apache.hadoop.fs.Path csv = new org.apache.hadoop.fs.Path(folder, "review-queue.csv");
            try (Writer w = new OutputStreamWriter(fs.create(csv, false), StandardCharsets.UTF_8)) {
                ReviewQueueCsv.write(report, w);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write the review queue under " + out + ": " + e.getMessage(), e);
        }
        List<Row> rows = new ArrayList<>(report.queue().size());
        int rank = 1;
        for (ScoredImage s : report.queue()) {
            rows.add(RowFactory.create(rank++, s.path(), report.classes().get(s.given()),
                    report.classes().get(s.suggested()), s.pGiven(), s.pSuggested(), s.issueScore(), s.kind().code()));
        }
        spark.createDataFrame(rows, SparkSchemas.queue()).coalesce(1).write().parquet(out + "/review-queue.parquet");
    }

    private static float[] decode(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}

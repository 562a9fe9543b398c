package dev.loupe.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.Main;
import dev.loupe.cluster.FeatureImport;
import dev.loupe.cluster.ParquetException;
import dev.loupe.cluster.ParquetReader;
import dev.loupe.dataset.Catalog;
import dev.loupe.dataset.CatalogEntry;
import dev.loupe.dataset.DatasetLayout;
import dev.loupe.dataset.DatasetScanner;
import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.Backbones;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.InferenceBackend;
import dev.loupe.engine.PortableJudge;
import dev.loupe.features.FeatureCache;
import dev.loupe.features.Featurizer;
import dev.loupe.issues.DatasetScorer;
import dev.loupe.issues.LabelIssueFinder;
import dev.loupe.issues.ReviewQueueCsv;
import dev.loupe.issues.ScoreReport;
import dev.loupe.testing.SampleDatasetCopy;
import dev.loupe.testing.TestImages;
import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The cluster jobs in Spark's {@code local[2]} against the desktop on the same images: the same features, a
 * table that loads into {@code features.db}, the same ranking, and bad files kept as rows with their reason.
 */
class ClusterJobsTest {

    @TempDir
    static Path tmp;

    private static SparkSession spark;
    private static FeatureExtractor extractor;
    private static Path dataset;
    private static Path table;
    private static Map<String, float[]> desktop;
    private static ScoreReport desktopReport;

    @BeforeAll
    static void featurizeBothWays() throws IOException {
        dataset = tmp.resolve("dataset");
        Path sample = tmp.resolve("sample");
        SampleDatasetCopy.copyTo(sample);
        // A few hundred of the sample's photos, with its planted label errors, and two files that are not images.
        for (String label : List.of("road", "not-road")) {
            Files.createDirectories(dataset.resolve(label));
            try (Stream<Path> files = Files.list(sample.resolve(label))) {
                for (Path f : files.sorted().limit(130).toList()) {
                    Files.copy(f, dataset.resolve(label).resolve(f.getFileName()));
                }
            }
        }
        byte[] photo = Files.readAllBytes(dataset.resolve("road").resolve(
                Files.list(dataset.resolve("road")).sorted().findFirst().orElseThrow().getFileName()));
        TestImages.bytes(dataset.resolve("road/broken.jpg"), TestImages.truncated(photo, 0.3));
        Files.writeString(dataset.resolve("not-road/notes.txt"), "not an image");

        extractor = Backbones.open(BackboneSpec.mobileNet(0.25, 128), Optional.empty(), 7, InferenceBackend.ONNX);
        DatasetLayout layout = new DatasetLayout(dataset);
        try (Catalog catalog = Catalog.open(layout); FeatureCache cache = FeatureCache.open(layout)) {
            new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
            var featurized = new Featurizer().featurize(catalog, extractor, cache, ProgressListener.NONE,
                    CancellationToken.none());
            desktop = cache.vectors(extractor.fingerprint());
            desktopReport = new DatasetScorer().rank(catalog, cache, extractor.fingerprint(), featurized.failures(),
                    LabelIssueFinder.Config.defaults(), ProgressListener.NONE, CancellationToken.none());
        }
        spark = SparkSession.builder().master("local[2]").appName("loupe-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        table = tmp.resolve("features.parquet");
        ClusterFeaturizer.featurize(spark, dataset.toString(), PortableJudge.of(extractor)).write()
                .parquet(table.toString());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (extractor != null) {
            extractor.close();
        }
    }

    private static Map<String, Row> rowsByPath() {
        Map<String, Row> rows = new HashMap<>();
        for (Row r : spark.read().parquet(table.toString()).collectAsList()) {
            rows.put(r.getString(r.fieldIndex("path")), r);
        }
        return rows;
    }

    @Test
    void sparkFeaturesEqualTheDesktopsUnderTheSameKey() {
        Map<String, Row> rows = rowsByPath();
        assertEquals(262, rows.size(), "one row per file in the class folders");
        int compared = 0;
        for (Row r : rows.values()) {
            if (r.isNullAt(r.fieldIndex("vector"))) {
                continue;
            }
            assertEquals(extractor.fingerprint(), r.getString(r.fieldIndex("fingerprint")));
            float[] mine = FeatureCache.decode(r.getAs("vector"));
            float[] theirs = desktop.get(r.getString(r.fieldIndex("sha256")));
            assertNotNull(theirs, "the desktop featurized " + r.getString(r.fieldIndex("path")) + " too");
            assertEquals(theirs.length, mine.length);
            for (int i = 0; i < mine.length; i++) {
                assertEquals(theirs[i], mine[i], 1e-5, r.getString(r.fieldIndex("path")) + " feature " + i);
            }
            compared++;
        }
        assertEquals(desktop.size(), compared);
    }

    @Test
    void badFilesAreRowsWithTheirReasonAndNoVector() {
        Map<String, Row> rows = rowsByPath();
        for (String bad : List.of("road/broken.jpg", "not-road/notes.txt")) {
            Row r = rows.get(bad);
            assertNotNull(r, bad + " has a row");
            assertTrue(r.isNullAt(r.fieldIndex("vector")));
            assertFalse(r.getString(r.fieldIndex("error")).isBlank(), bad + " says why");
        }
        assertTrue(rows.get("not-road/notes.txt").getString(rows.get("not-road/notes.txt").fieldIndex("error"))
                .contains("not an image"));
    }

    @Test
    void theTableLoadsIntoAnotherCopysFeatureCache() throws IOException {
        Path copy = tmp.resolve("copy");
        SampleDatasetCopy.copy(dataset, copy);
        DatasetLayout layout = new DatasetLayout(copy);
        FeatureImport.Report report;
        try (Catalog catalog = Catalog.open(layout); FeatureCache cache = FeatureCache.open(layout)) {
            new DatasetScanner().scan(catalog, ProgressListener.NONE, CancellationToken.none());
            report = FeatureImport.run(catalog, cache, table, ProgressListener.NONE, CancellationToken.none());
            Map<String, float[]> imported = cache.vectors(extractor.fingerprint());
            assertEquals(desktop.keySet(), imported.keySet());
            Map<String, Row> rows = rowsByPath();
            for (CatalogEntry e : catalog.entries()) {
                Row r = rows.get(e.path());
                if (e.ok()) {
                    assertTrue(java.util.Arrays.equals(FeatureCache.decode(r.getAs("vector")), imported.get(e.sha256())),
                            e.path() + " bit for bit");
                }
            }
        }
        assertEquals(desktop.size(), report.imported());
        assertEquals(262, report.rows());
        assertTrue(report.decoderMatches());
        assertEquals(2, report.failed().size(), report.failed().toString());
        assertTrue(report.summary().contains("2 could not be featurized"), report.summary());
    }

    @Test
    void theClusterRankingEqualsTheDesktops() throws IOException {
        ScoreReport cluster = ClusterScorer.score(spark, table.toString(), LabelIssueFinder.Config.defaults(),
                ProgressListener.NONE);
        assertEquals(desktopReport.queue().size(), cluster.queue().size());
        for (int i = 0; i < 30; i++) {
            assertEquals(desktopReport.queue().get(i).path(), cluster.queue().get(i).path(), "rank " + (i + 1));
            assertEquals(desktopReport.queue().get(i).issueScore(), cluster.queue().get(i).issueScore(), 1e-6);
        }
        assertEquals(desktopReport.estimatedErrors(), cluster.estimatedErrors());
        assertTrue(cluster.totalEstimatedErrors() > 0, "the sample's planted errors are estimated");

        Path out = tmp.resolve("queue");
        ClusterScorer.write(spark, cluster, out.toString());
        StringWriter expected = new StringWriter();
        ReviewQueueCsv.write(desktopReport, expected);
        List<String> csv = Files.readAllLines(out.resolve("review-queue.csv"), StandardCharsets.UTF_8);
        assertEquals(ReviewQueueCsv.HEADER, csv.get(0));
        assertEquals(expected.toString().lines().limit(31).toList(), csv.subList(0, 31));
        long parquetRows = 0;
        for (Path part : ParquetReader.parts(out.resolve("review-queue.parquet"))) {
            try (ParquetReader reader = new ParquetReader(part)) {
                for (int g = 0; g < reader.rowGroupCount(); g++) {
                    ParquetReader.RowGroup group = reader.rowGroup(g);
                    if (parquetRows == 0 && group.rows() > 0) {
                        assertEquals(cluster.queue().get(0).path(), group.column("path")[0]);
                        assertEquals(1, group.column("rank")[0]);
                    }
                    parquetRows += group.rows();
                }
            }
        }
        assertEquals(cluster.queue().size(), parquetRows);
    }

    @Test
    void theCommandsRunUnderSparkAndImportFromTheCommandLine() throws IOException {
        Path out = tmp.resolve("cli-features");
        StringWriter printed = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(printed, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cli.execute("featurize-spark", "--input", dataset.toString(), "--out", out.toString(),
                "--backbone", "mobilenet-0.25-128", "--weights", "none"), printed.toString());
        assertTrue(printed.toString().contains("262 files"), printed.toString());
        assertTrue(printed.toString().contains("2 failed"), printed.toString());

        // Never over an earlier run, and Spark's own errors in one line, without a stack trace.
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("featurize-spark", "--input", dataset.toString(), "--out", out.toString(),
                "--backbone", "mobilenet-0.25-128", "--weights", "none"));
        assertTrue(err.toString().contains("exists already; Loupe never overwrites"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(1, cli.execute("score-spark", "--features", tmp.resolve("no-such-table").toString(), "--out",
                tmp.resolve("no-queue").toString()));
        assertTrue(err.toString().startsWith("loupe: ") && err.toString().contains("no-such-table")
                && err.toString().lines().count() == 1, err.toString());

        Path copy = tmp.resolve("cli-copy");
        SampleDatasetCopy.copy(dataset, copy);
        StringWriter imported = new StringWriter();
        CommandLine loupe = Main.commandLine();
        loupe.setOut(new PrintWriter(imported, true));
        loupe.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, loupe.execute("import-features", copy.toString(), out.toString()), imported.toString());
        assertTrue(imported.toString().startsWith("Imported " + desktop.size() + " feature vector(s) of "
                + "mobilenet-0.25-128"), imported.toString());
        assertTrue(imported.toString().contains("road/broken.jpg"), imported.toString());
    }

    @Test
    void rankingOnTheExecutorsFindsThePlantedErrorsTheDriverFinds() throws IOException {
        Path synthetic = tmp.resolve("synthetic.parquet");
        SyntheticFeatures.write(spark, 3000, synthetic.toString());
        int planted = 300;
        ScoreReport driver = ClusterScorer.score(spark, synthetic.toString(), LabelIssueFinder.Config.defaults(),
                ProgressListener.NONE);
        java.util.Set<String> driverTop = new java.util.HashSet<>();
        driver.queue().stream().limit(planted).forEach(q -> driverTop.add(q.path()));

        Path out = tmp.resolve("executor-queue");
        ExecutorScorer.Summary summary = ExecutorScorer.run(spark, synthetic.toString(), out.toString(),
                LabelIssueFinder.Config.defaults(), ProgressListener.NONE);
        assertEquals(3000, summary.images());
        assertEquals(List.of("a", "b"), summary.classes());
        long estimated = summary.totalEstimatedErrors();
        // Confident learning's estimate, as on the driver (both count fewer than were planted on these features).
        assertTrue(Math.abs(estimated - driver.totalEstimatedErrors()) <= 0.15 * driver.totalEstimatedErrors(),
                "estimated " + estimated + " on the executors, " + driver.totalEstimatedErrors() + " on the driver");

        List<Path> csvParts;
        try (Stream<Path> files = Files.list(out.resolve("review-queue-csv"))) {
            csvParts = files.filter(f -> f.getFileName().toString().endsWith(".csv")).toList();
        }
        assertEquals(1, csvParts.size());
        List<String> csv = Files.readAllLines(csvParts.get(0), StandardCharsets.UTF_8);
        assertEquals(ReviewQueueCsv.HEADER, csv.get(0));
        assertEquals(3001, csv.size(), "every image once");
        assertTrue(csv.get(1).startsWith("1,"), csv.get(1));
        long found = 0;
        long agreed = 0;
        for (String line : csv.subList(1, planted + 1)) {
            String path = line.split(",")[1];
            found += SyntheticFeatures.planted(path) ? 1 : 0;
            agreed += driverTop.contains(path) ? 1 : 0;
        }
        assertTrue(found >= 0.95 * planted, found + " of the " + planted + " planted errors in the top " + planted);
        assertTrue(agreed >= 0.9 * planted, agreed + " of the top " + planted + " as on the driver");
        long parquetRows = 0;
        for (Path part : ParquetReader.parts(out.resolve("review-queue.parquet"))) {
            try (ParquetReader reader = new ParquetReader(part)) {
                parquetRows += reader.rows();
            }
        }
        assertEquals(3000, parquetRows);
    }

    @Test
    void manyRowGroupsAndPagesReadAsSparkWroteThem() {
        // Small pages and row groups, so every column spans many of each, in Spark's default Snappy compression.
        Path synthetic = tmp.resolve("paged-source.parquet");
        SyntheticFeatures.write(spark, 1500, synthetic.toString());
        Path paged = tmp.resolve("paged.parquet");
        spark.read().parquet(synthetic.toString()).write().option("parquet.page.size", "8192")
                .option("parquet.block.size", "131072").parquet(paged.toString());
        Map<String, float[]> bySpark = new HashMap<>();
        for (Row r : spark.read().parquet(paged.toString()).collectAsList()) {
            bySpark.put(r.getString(r.fieldIndex("path")), FeatureCache.decode(r.getAs("vector")));
        }
        int groups = 0;
        int rows = 0;
        for (Path part : ParquetReader.parts(paged)) {
            try (ParquetReader reader = new ParquetReader(part)) {
                for (int g = 0; g < reader.rowGroupCount(); g++, groups++) {
                    ParquetReader.RowGroup group = reader.rowGroup(g);
                    Object[] path = group.column("path");
                    Object[] vector = group.column("vector");
                    Object[] error = group.column("error");
                    for (int i = 0; i < group.rows(); i++, rows++) {
                        assertTrue(java.util.Arrays.equals(bySpark.get((String) path[i]),
                                FeatureCache.decode((byte[]) vector[i])), path[i] + " read as Spark reads it");
                        assertNull(error[i]);
                    }
                }
            }
        }
        assertEquals(1500, rows);
        assertTrue(groups > 2, groups + " row groups");
    }

    @Test
    void aDamagedTableIsRefusedWithAReason() throws IOException {
        Path part = ParquetReader.parts(table).get(0);
        byte[] bytes = Files.readAllBytes(part);
        Path cut = tmp.resolve("cut.parquet");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ParquetException e = assertThrows(ParquetException.class, () -> new ParquetReader(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // The folder around a table instead of the table: the message names the table to choose.
        Path folder = Files.createDirectories(tmp.resolve("runs/features.parquet")).getParent();
        ParquetException around = assertThrows(ParquetException.class, () -> ParquetReader.parts(folder));
        assertTrue(around.getMessage().contains("features.parquet") && around.getMessage().contains("choose one"),
                around.getMessage());
        Path notParquet = tmp.resolve("notes.parquet");
        Files.writeString(notParquet, "hello, not a table");
        assertTrue(assertThrows(ParquetException.class, () -> new ParquetReader(notParquet)).getMessage()
                .contains("not a Parquet file"));
    }
}

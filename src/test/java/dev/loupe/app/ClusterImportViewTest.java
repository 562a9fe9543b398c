package dev.loupe.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.engine.BackboneSpec;
import dev.loupe.engine.FeatureExtractor;
import dev.loupe.engine.ForeignOnnx;
import dev.loupe.engine.PortableJudge;
import dev.loupe.spark.ClusterFeaturizer;
import dev.loupe.testing.OnnxGraphs;
import dev.loupe.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * File → Import cluster features…: a featurize-spark table of the window's judge is loaded and the dataset is
 * scored from it without featurizing a single image; another judge's table is loaded and the status says why it
 * waits.
 */
class ClusterImportViewTest extends HeadlessWindowTest {

    private Path onnx;
    private final AtomicInteger featurized = new AtomicInteger();

    @Override
    FeatureExtractor judge() {
        FeatureExtractor real = ForeignOnnx.open(BackboneSpec.onnx(onnx + ";preprocess=keras-mobilenet"), n -> { });
        return new FeatureExtractor() {
            @Override
            public BackboneSpec spec() {
                return real.spec();
            }

            @Override
            public int dimension() {
                return real.dimension();
            }

            @Override
            public int resolution() {
                return real.resolution();
            }

            @Override
            public String fingerprint() {
                return real.fingerprint();
            }

            @Override
            public boolean pretrained() {
                return true;
            }

            @Override
            public float[][] extract(float[] rgb, int count) {
                featurized.addAndGet(count);
                return real.extract(rgb, count);
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Test
    void theJudgesClusterFeaturesScoreTheDatasetWithoutFeaturizing() throws Exception {
        for (int i = 0; i < 24; i++) {
            TestImages.write(root.resolve((i % 2 == 0 ? "road/" : "not-road/") + "p" + i + ".png"), "png", 40, 30, i);
        }
        Path models = Files.createDirectories(root.getParent().resolve(root.getFileName() + "-models"));
        onnx = models.resolve("colours.onnx");
        Files.write(onnx, OnnxGraphs.pooling(new long[] {-1, 3, 16, 16}, false, true, "embedding"));
        Path other = models.resolve("other.onnx");
        Files.write(other, OnnxGraphs.pooling(new long[] {-1, 3, 24, 24}, false, true, "embedding"));

        SparkSession spark = SparkSession.builder().master("local[2]").appName("loupe-window-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        Path ours = models.resolve("ours.parquet");
        Path theirs = models.resolve("theirs.parquet");
        try (FeatureExtractor e = ForeignOnnx.open(BackboneSpec.onnx(onnx + ";preprocess=keras-mobilenet"), n -> { });
             FeatureExtractor o = ForeignOnnx.open(BackboneSpec.onnx(other + ";preprocess=keras-mobilenet"), n -> { })) {
            ClusterFeaturizer.featurize(spark, root.toString(), PortableJudge.of(e)).write().parquet(ours.toString());
            ClusterFeaturizer.featurize(spark, root.toString(), PortableJudge.of(o)).write().parquet(theirs.toString());
        } finally {
            spark.stop();
        }

        model.open(root);
        featurized.set(0);
        model.importClusterFeatures(theirs);
        assertFalse(model.scoredProperty().get(), "another judge's features do not score");
        assertTrue(model.messageProperty().get().startsWith("Imported 24 feature vector(s) of an ONNX model "),
                model.messageProperty().get());
        assertTrue(model.messageProperty().get().contains(" from 24 row(s)"), model.messageProperty().get());
        // Both judges are ONNX models: the message tells them apart by their files' hashes.
        String message = model.messageProperty().get();
        assertTrue(message.contains("not the features of the large model (an ONNX model "), message);
        String imported = message.substring("Imported 24 feature vector(s) of ".length()).substring(0, 22);
        String window = message.substring(message.indexOf("(an ONNX model ") + 1).substring(0, 22);
        assertFalse(imported.equals(window), imported + " / " + window);

        model.importClusterFeatures(ours);
        assertTrue(model.scoredProperty().get(), model.messageProperty().get());
        assertTrue(model.messageProperty().get().endsWith("Scoring with them."), model.messageProperty().get());
        assertEquals(0, featurized.get(), "every image's features came from the cluster");
        assertFalse(model.images().isEmpty(), "the suspects");
    }
}

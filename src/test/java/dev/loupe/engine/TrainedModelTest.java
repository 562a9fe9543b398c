package dev.loupe.engine;

import dev.loupe.heads.HeadTrainer;
import dev.loupe.heads.SoftmaxHead;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedModelTest {

    private static final BackboneSpec SPEC = BackboneSpec.mobileNet(0.25, 128);

    @TempDir
    Path dir;

    /** Pixels of {@code count} random images at 128x128. */
    static float[] randomPixels(int count, long seed) {
        Random r = new Random(seed);
        float[] rgb = new float[count * 128 * 128 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = r.nextInt(256);
        }
        return rgb;
    }

    /** Pixels of {@code count} random images at 224x224. */
    static float[] randomPixels224(int count, long seed) {
        Random r = new Random(seed);
        float[] rgb = new float[count * 224 * 224 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = r.nextInt(256);
        }
        return rgb;
    }

    private static SoftmaxHead headFor(FeatureExtractor backbone, float[][] features) {
        int[] labels = new int[features.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2;
        }
        return new HeadTrainer().fit(features, labels, List.of("not-road", "road"), 0.01);
    }

    @Test
    void oneGraphReproducesBackbonePlusHead() {
        try (FeatureExtractor backbone = Backbones.open(SPEC, Optional.empty(), 3)) {
            float[] pixels = randomPixels(6, 1);
            float[][] features = backbone.extract(pixels, 6);
            SoftmaxHead head = headFor(backbone, features);
            try (TrainedModel model = TrainedModel.fromHead(backbone, head, Map.of(), Map.of())) {
                double[][] p = model.predict(pixels, 6);
                assertTrue(Math.abs(p[0][1] - p[1][1]) > 1e-3, "images must get different predictions");
                double[][] reference = model.predictWithDl4j(pixels, 6);
                for (int i = 0; i < 6; i++) {
                    assertArrayEquals(head.probabilities(features[i]), p[i], 1e-4);
                    assertArrayEquals(reference[i], p[i], 1e-4, "ONNX Runtime and DL4J must agree");
                }
            }
        }
    }

    @Test
    void bundleRoundTripKeepsPredictionsLabelsAndInfo() {
        try (FeatureExtractor backbone = Backbones.open(SPEC, Optional.empty(), 3)) {
            float[] pixels = randomPixels(4, 2);
            SoftmaxHead head = headFor(backbone, backbone.extract(pixels, 4));
            double[][] before;
            try (TrainedModel model = TrainedModel.fromHead(backbone, head, Map.of("test_accuracy", 0.5),
                    Map.of("seed", 3))) {
                before = model.predict(pixels, 4);
                model.save(dir);
            }
            try (TrainedModel loaded = TrainedModel.load(dir)) {
                assertArrayEquals(before[2], loaded.predict(pixels, 4)[2], 1e-6);
                assertEquals(List.of("not-road", "road"), loaded.classes());
                assertEquals("mobilenet-0.25-128", loaded.info().architecture());
                assertEquals(0.5, loaded.info().metrics().get("test_accuracy"));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertTrue(Files.isRegularFile(dir.resolve("labels.txt")));
    }

    @Test
    void folderWithoutABundleSaysWhatIsMissing() {
        EngineException e = assertThrows(EngineException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("model.zip"), e.getMessage());
    }
}

package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZooBackbonesTest {

    @Test
    void squeezeNetFromTheZooPoolsItsLastConvolution() {
        try (FeatureExtractor squeeze = Backbones.open(BackboneSpec.parse("squeezenet"), Optional.empty(), 1)) {
            assertEquals(1000, squeeze.dimension());
            float[][] f = squeeze.extract(TrainedModelTest.randomPixels224(1, 3), 1);
            assertEquals(1000, f[0].length);
            assertTrue(Float.isFinite(f[0][0]));
        }
    }

    @Test
    void resNet50WithRandomWeightsGivesFiniteImageDependentFeatures() {
        try (FeatureExtractor resnet = Backbones.open(BackboneSpec.parse("resnet50"), Optional.empty(), 1)) {
            assertEquals(2048, resnet.dimension());
            float[][] f = resnet.extract(TrainedModelTest.randomPixels224(2, 5), 2);
            double diff = 0;
            for (int i = 0; i < 2048; i++) {
                assertTrue(Float.isFinite(f[0][i]) && Math.abs(f[0][i]) < 1e30);
                diff += Math.abs(f[0][i] - f[1][i]);
            }
            assertTrue(diff > 0, "two images, two feature vectors");
        }
    }

    @Test
    void zooBackboneRefusesAKerasWeightFile() {
        EngineException e = assertThrows(EngineException.class, () -> Backbones.open(BackboneSpec.parse("resnet50"),
                Optional.of(java.nio.file.Path.of("x.h5")), 1));
        assertTrue(e.getMessage().contains("DL4J zoo"), e.getMessage());
    }

    @Test
    void listingNamesTheZooDownload() {
        assertTrue(Backbones.weightsSource(BackboneSpec.parse("resnet50"), WeightsStore.standard())
                .startsWith("DL4J zoo: https://"));
    }

    /** The exported graph must give DL4J's features: same seed, same weights, same calibration. */
    private static void onnxMatchesDl4j(String name) {
        BackboneSpec spec = BackboneSpec.parse(name);
        float[] pixels = TrainedModelTest.randomPixels224(2, 9);
        try (FeatureExtractor dl4j = Backbones.open(spec, Optional.empty(), 4, InferenceBackend.DL4J);
             FeatureExtractor onnx = Backbones.open(spec, Optional.empty(), 4, InferenceBackend.ONNX)) {
            assertTrue(onnx instanceof OnnxFeatureExtractor, name + " must run on ONNX Runtime");
            assertEquals(dl4j.fingerprint(), onnx.fingerprint());
            float[][] expected = dl4j.extract(pixels, 2);
            float[][] actual = onnx.extract(pixels, 2);
            double scale = 0;
            double diff = 0;
            double between = 0;
            for (int i = 0; i < expected[0].length; i++) {
                scale = Math.max(scale, Math.abs(expected[0][i]));
                diff = Math.max(diff, Math.max(Math.abs(expected[0][i] - actual[0][i]), Math.abs(expected[1][i] - actual[1][i])));
                between = Math.max(between, Math.abs(expected[0][i] - expected[1][i]));
            }
            assertTrue(between > 1e-2 * scale, "the two images must differ, else agreement means nothing");
            // Within 1e-4 of the largest feature (ResNet50 measured 7e-4 on features up to 12: float32 sums over
            // 53 convolutions in two libraries' kernels).
            assertTrue(diff <= 1e-4 * Math.max(1, scale), name + ": max difference " + diff + " at scale " + scale);
        }
    }

    @Test
    void resNet50RunsOnOnnxRuntimeWithDl4jsFeatures() {
        onnxMatchesDl4j("resnet50");
    }
}

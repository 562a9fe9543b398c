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
}

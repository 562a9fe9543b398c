package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MobileNetV1Test {

    /** Keras' counts (batch-norm statistics included); a 1000-class top adds a 1x1 conv with bias. */
    @ParameterizedTest
    @CsvSource({"1.0, 224, 0, 3228864", "0.5, 160, 0, 829536", "0.25, 128, 0, 218544", "1.0, 224, 1000, 4253864",
        "0.5, 224, 1000, 1342536", "0.25, 224, 1000, 475544", "0.75, 192, 0, 1832976"})
    void parameterCountsMatchKeras(double alpha, int resolution, int classes, long expected) {
        ComputationGraph net = MobileNetV1.build(BackboneSpec.mobileNet(alpha, resolution), classes, 1);
        assertEquals(expected, net.numParams());
    }

    @Test
    void calibratedRandomWeightsGiveEachImageItsOwnFeatures() {
        try (FeatureExtractor backbone = Backbones.open(BackboneSpec.mobileNet(0.25, 128), java.util.Optional.empty(), 5)) {
            float[][] f = backbone.extract(TrainedModelTest.randomPixels(2, 9), 2);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < f[0].length; i++) {
                diff += Math.abs(f[0][i] - f[1][i]);
                norm += Math.abs(f[0][i]);
            }
            org.junit.jupiter.api.Assertions.assertTrue(norm > 1 && diff > 0.05 * norm, "norm " + norm + " diff " + diff);
        }
    }

    @Test
    void everyPaperVariantBuildsAndPoolsToItsFeatureWidth() {
        for (double alpha : BackboneSpec.MOBILENET_ALPHAS) {
            for (int res : BackboneSpec.MOBILENET_RESOLUTIONS) {
                ComputationGraph net = MobileNetV1.build(BackboneSpec.mobileNet(alpha, res), 0, 1);
                INDArray out = net.outputSingle(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 3, res, res));
                assertArrayEquals(new long[] {1, MobileNetV1.featureSize(alpha)}, out.shape(), alpha + "_" + res);
            }
        }
    }

    @Test
    void operationCountMatchesThePapersMultiplyAdds() {
        // Howard et al. 2017: 1.0 MobileNet-224 has 569 million multiply-adds, 0.25 MobileNet-128 14 million
        // (two floating-point operations each).
        assertEquals(1.14, Backbones.gflopPerImage(BackboneSpec.mobileNet(1.0, 224)), 0.01);
        assertEquals(0.028, Backbones.gflopPerImage(BackboneSpec.mobileNet(0.25, 128)), 0.002);
    }
}

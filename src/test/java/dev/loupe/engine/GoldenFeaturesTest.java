package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.testing.Shared;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Keras weights in ../shared reproduce the reference features (skipped when ../shared is absent). */
class GoldenFeaturesTest {

    static final Path SHARED = Shared.root();
    static final Path WEIGHTS = SHARED.resolve("weights/mobilenet_2_5_224_tf_no_top.h5");
    static final Path GOLDEN = SHARED.resolve("golden/mobilenet_0.25_features.json");

    @Test
    void dl4jMobileNetReproducesGoldenFeatures() throws Exception {
        assumeTrue(Files.isRegularFile(WEIGHTS) && Files.isRegularFile(GOLDEN), "../shared is not present");
        BackboneSpec spec = BackboneSpec.mobileNet(0.25, 224);
        ComputationGraph net = MobileNetV1.build(spec, 0, 1);
        KerasMobileNetWeights.load(net, spec, WEIGHTS);
        JsonNode golden = new ObjectMapper().readTree(GOLDEN.toFile());
        for (JsonNode c : golden.get("cases")) {
            BufferedImage image = ImageIO.read(GOLDEN.resolveSibling(c.get("image").asText()).toFile());
            INDArray out = net.outputSingle(nchw(image));
            double maxDiff = 0;
            for (int i = 0; i < 256; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(out.getDouble(0, i) - c.get("features").get(i).asDouble()));
            }
            assertEquals(0, maxDiff, 1e-3, c.get("image").asText());
        }
    }

    @Test
    void weightsMadeAt224LoadAtEveryResolution() {
        assumeTrue(Files.isRegularFile(WEIGHTS), "../shared is not present");
        for (int res : BackboneSpec.MOBILENET_RESOLUTIONS) {
            BackboneSpec spec = BackboneSpec.mobileNet(0.25, res);
            ComputationGraph net = MobileNetV1.build(spec, 0, 1);
            KerasMobileNetWeights.load(net, spec, WEIGHTS);
            INDArray out = net.outputSingle(Nd4j.rand(DataType.FLOAT, 1, 3, res, res));
            assertEquals(256, out.size(1));
        }
    }

    @Test
    void weightsOfAnotherWidthAreRefusedWithAClearMessage() {
        assumeTrue(Files.isRegularFile(WEIGHTS), "../shared is not present");
        BackboneSpec wider = BackboneSpec.mobileNet(0.5, 224);
        EngineException e = org.junit.jupiter.api.Assertions.assertThrows(EngineException.class,
                () -> KerasMobileNetWeights.load(MobileNetV1.build(wider, 0, 1), wider, WEIGHTS));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("alpha 0.25"), e.getMessage());
    }

    private static INDArray nchw(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] data = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                data[y * w + x] = ((rgb >> 16) & 0xFF) / 127.5f - 1;
                data[h * w + y * w + x] = ((rgb >> 8) & 0xFF) / 127.5f - 1;
                data[2 * h * w + y * w + x] = (rgb & 0xFF) / 127.5f - 1;
            }
        }
        return Nd4j.create(data, new long[] {1, 3, h, w}, DataType.FLOAT);
    }
}

package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.imaging.ModelInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ONNX Runtime, on graphs Loupe exports, gives DL4J's features. */
class OnnxExportTest {

    private static double maxDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return max;
    }

    @Test
    void onnxMatchesDl4jOnARandomMobileNet() {
        BackboneSpec spec = BackboneSpec.mobileNet(0.5, 160);
        float[] pixels = new float[3 * 160 * 160 * 3];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextInt(256);
        }
        try (FeatureExtractor dl4j = Backbones.open(spec, Optional.empty(), 4, InferenceBackend.DL4J);
             FeatureExtractor onnx = Backbones.open(spec, Optional.empty(), 4, InferenceBackend.ONNX)) {
            assertEquals(dl4j.fingerprint(), onnx.fingerprint());
            assertEquals(0, maxDiff(dl4j.extract(pixels, 3), onnx.extract(pixels, 3)), 1e-4);
        }
    }

    @Test
    void goldenFeaturesStillMatchThroughOnnxRuntime() throws Exception {
        assumeTrue(Files.isRegularFile(GoldenFeaturesTest.WEIGHTS) && Files.isRegularFile(GoldenFeaturesTest.GOLDEN),
                "../shared is not present");
        BackboneSpec spec = BackboneSpec.mobileNet(0.25, 224);
        JsonNode cases = new ObjectMapper().readTree(GoldenFeaturesTest.GOLDEN.toFile()).get("cases");
        ModelInput input = new ModelInput(224);
        try (FeatureExtractor dl4j = Backbones.open(spec, Optional.of(GoldenFeaturesTest.WEIGHTS), 1, InferenceBackend.DL4J);
             FeatureExtractor onnx = Backbones.open(spec, Optional.of(GoldenFeaturesTest.WEIGHTS), 1, InferenceBackend.ONNX)) {
            for (JsonNode c : cases) {
                float[] pixels = input.load(GoldenFeaturesTest.GOLDEN.resolveSibling(c.get("image").asText()));
                float[][] fromOnnx = onnx.extract(pixels, 1);
                float[][] golden = new float[1][256];
                for (int i = 0; i < 256; i++) {
                    golden[0][i] = (float) c.get("features").get(i).asDouble();
                }
                assertEquals(0, maxDiff(golden, fromOnnx), 1e-3, c.get("image").asText());
                assertEquals(0, maxDiff(dl4j.extract(pixels, 1), fromOnnx), 1e-4, c.get("image").asText());
            }
        }
    }
}

package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** int8 quantization: ONNX Runtime runs the convolutions on integers, the features stay close, the file shrinks. */
class Int8QuantizerTest {

    @TempDir
    Path dir;

    @Test
    void mobileNetConvolutionsBecomeIntegerKernelsInOnnxRuntime() throws Exception {
        BackboneSpec spec = BackboneSpec.mobileNet(0.25, 128);
        try (FeatureExtractor builtIn = Backbones.open(spec, Optional.empty(), 3, InferenceBackend.ONNX)) {
            byte[] fp32 = MobileNetOnnx.export(((GraphBacked) builtIn).graph(), spec, false);
            Path file = dir.resolve("fp32.onnx");
            Files.write(file, fp32);
            List<float[]> calibration = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calibration.add(ForeignOnnxTest.randomPixels(1, 128, i));
            }
            Int8Quantizer.Result int8;
            try (ForeignOnnx model = ForeignOnnx.open(BackboneSpec.onnx(file + ";preprocess=keras-mobilenet"),
                    s -> { })) {
                int8 = model.quantizedInt8(calibration);
            }
            // MobileNet v1: one full, 13 depthwise and 13 pointwise convolutions; the full one (3 channels in) and the
            // first depthwise one (8 channels at width 0.25) stay in float, where they are faster.
            assertEquals(25, int8.convolutions(), int8.description());
            assertEquals(2, int8.floatConvolutions(), int8.description());
            assertTrue(int8.model().length <= 0.3 * fp32.length, "at most 0.3x: " + fp32.length + " -> " + int8.model().length);
            assertEquals(2, Onnx.ModelProto.parseFrom(int8.model()).getGraph().getNodeList().stream()
                    .filter(n -> n.getOpType().equals("Clip")).count(),
                    "the clips the quantized ranges make redundant are gone; the float convolutions' stay");

            // ONNX Runtime's own optimised graph: the QDQ pairs fused into integer convolutions.
            Path optimised = dir.resolve("optimised.onnx");
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
                options.setOptimizedModelFilePath(optimised.toString());
                OrtEnvironment.getEnvironment().createSession(int8.model(), options).close();
            }
            long integerConvs = Onnx.ModelProto.parseFrom(Files.readAllBytes(optimised)).getGraph().getNodeList()
                    .stream().filter(n -> n.getOpType().equals("QLinearConv")).count();
            assertEquals(25, integerConvs, "every quantized convolution runs as QLinearConv");

            // The int8 features stay close to the fp32 ones on images it was not calibrated on.
            Path q = dir.resolve("int8.onnx");
            Files.write(q, int8.model());
            try (ForeignOnnx a = ForeignOnnx.open(BackboneSpec.onnx(file + ";preprocess=keras-mobilenet"), s -> { });
                 ForeignOnnx b = ForeignOnnx.open(BackboneSpec.onnx(q + ";preprocess=keras-mobilenet"), s -> { })) {
                float[] images = ForeignOnnxTest.randomPixels(4, 128, 99);
                float[][] x = a.extract(images, 4);
                float[][] y = b.extract(images, 4);
                for (int i = 0; i < 4; i++) {
                    double diff = 0;
                    double norm = 0;
                    for (int j = 0; j < x[i].length; j++) {
                        diff += Math.pow(x[i][j] - y[i][j], 2);
                        norm += x[i][j] * (double) x[i][j];
                    }
                    assertTrue(Math.sqrt(diff / norm) < 0.25, "image " + i + ": relative change " + Math.sqrt(diff / norm));
                }
            }
        }
    }

    @Test
    void aGraphBelowOpset13OrWithoutConvolutionsIsRefused() throws Exception {
        byte[] pooled = dev.loupe.testing.OnnxGraphs.pooling(new long[] {-1, 3, 8, 8}, false, true, "output");
        EngineException none = assertThrows(EngineException.class,
                () -> Int8Quantizer.quantize(pooled, (m, t, limit, seen) -> { }, 0));
        assertTrue(none.getMessage().contains("no convolution"), none.getMessage());
        Onnx.ModelProto old = Onnx.ModelProto.parseFrom(pooled).toBuilder().clearOpsetImport()
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(11)).build();
        EngineException opset = assertThrows(EngineException.class,
                () -> Int8Quantizer.quantize(old.toByteArray(), (m, t, limit, seen) -> { }, 0));
        assertTrue(opset.getMessage().contains("opset 13"), opset.getMessage());
        // PyTorch's tiny model: two 3x3 convolutions on 3 and 8 channels, both faster left in float.
        byte[] narrow;
        try (java.io.InputStream in = getClass().getResourceAsStream("/onnx/pytorch/pytorch_tiny_dynamic.onnx")) {
            narrow = in.readAllBytes();
        }
        EngineException slower = assertThrows(EngineException.class,
                () -> Int8Quantizer.quantize(narrow, (m, t, limit, seen) -> { }, 0));
        assertTrue(slower.getMessage().contains("fewer than 16 input channels"), slower.getMessage());
    }
}

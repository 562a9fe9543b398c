package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model of the user's own as the judge: layouts, batch sizes, the feature output, preprocessing. */
class ForeignOnnxTest {

    @TempDir
    Path dir;

    @Test
    void loupesOwnMobileNetLoadedBackGivesTheBuiltInFeatures() throws Exception {
        BackboneSpec spec = BackboneSpec.mobileNet(0.25, 128);
        try (FeatureExtractor builtIn = Backbones.open(spec, Optional.empty(), 7, InferenceBackend.ONNX)) {
            ComputationGraph net = ((GraphBacked) builtIn).graph();
            Path encoder = dir.resolve("encoder.onnx");
            Files.write(encoder, MobileNetOnnx.export(net, spec, false));
            // The same network with its (random) classifier on top: Loupe must take the vector the classifier reads.
            Path classifier = dir.resolve("classifier.onnx");
            ComputationGraph full = MobileNetV1.build(spec, 3, 11);
            for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
                String name = layer.conf().getLayer().getLayerName();
                layer.paramTable().forEach((param, value) -> full.getLayer(name).paramTable().get(param).assign(value));
            }
            Files.write(classifier, MobileNetOnnx.export(full, spec, true));
            float[] images = randomPixels(3, 128, 1);
            float[][] expected = builtIn.extract(images, 3);
            for (Path model : List.of(encoder, classifier)) {
                List<String> notices = new ArrayList<>();
                try (ForeignOnnx mine = ForeignOnnx.open(BackboneSpec.onnx(model + ";preprocess=keras-mobilenet"),
                        notices::add)) {
                    assertEquals(128, mine.resolution());
                    assertEquals(builtIn.dimension(), mine.dimension(), model.getFileName().toString());
                    float[][] got = mine.extract(images, 3);
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < got[i].length; j++) {
                            assertEquals(expected[i][j], got[i][j], 1e-4, model.getFileName() + " image " + i);
                        }
                    }
                    assertTrue(notices.isEmpty(), notices.toString());
                }
            }
        }
    }

    @Test
    void nhwcInputWithAFixedBatchOfOneTakesImagesOneByOne() throws Exception {
        // pixels [1, 6, 6, 3] -> Transpose -> GlobalAveragePool -> Flatten: each channel's mean.
        Path model = dir.resolve("nhwc.onnx");
        Files.write(model, dev.loupe.testing.OnnxGraphs.pooling(new long[] {1, 6, 6, 3}, true, true, "vec"));
        try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model + ";preprocess=scale=1,mean=0,std=1,crop=1"),
                s -> { })) {
            assertEquals(6, judge.resolution());
            assertEquals(3, judge.dimension());
            assertTrue(judge.description().contains("NHWC"), judge.description());
            float[] images = new float[3 * 6 * 6 * 3];
            for (int n = 0; n < 3; n++) {
                for (int p = 0; p < 36; p++) {
                    images[(n * 36 + p) * 3] = 10 * n;      // red
                    images[(n * 36 + p) * 3 + 1] = 100;     // green
                    images[(n * 36 + p) * 3 + 2] = p;       // blue: 0..35, mean 17.5
                }
            }
            float[][] features = judge.extract(images, 3);
            for (int n = 0; n < 3; n++) {
                assertArrayEquals(new float[] {10 * n, 100, 17.5f}, features[n], 1e-4f, "image " + n);
            }
        }
    }

    @Test
    void aCentreCropAndTorchvisionScalingReachTheNetwork() throws Exception {
        // Dynamic batch, NCHW 4x4, loaded at 8x8 (crop 0.5): only the centre square reaches the pooling.
        Path model = dir.resolve("nchw.onnx");
        Files.write(model, dev.loupe.testing.OnnxGraphs.pooling(new long[] {-1, 3, 4, 4}, false, true, "output"));
        try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model + ";preprocess=torchvision,crop=0.5"),
                s -> { })) {
            assertEquals(8, judge.resolution(), "loaded at 8, cut to 4");
            float[] image = new float[8 * 8 * 3];
            for (int y = 2; y < 6; y++) {
                for (int x = 2; x < 6; x++) {
                    for (int c = 0; c < 3; c++) {
                        image[(y * 8 + x) * 3 + c] = 255;
                    }
                }
            }
            float[] f = judge.extract(image, 1)[0];
            assertEquals((1 - 0.485f) / 0.229f, f[0], 1e-4f, "red: (1 - mean) / std, the border cut away");
            assertEquals((1 - 0.406f) / 0.225f, f[2], 1e-4f);
        }
    }

    @Test
    void modelsExportedByPyTorchGiveThePooledFeaturesPyTorchComputes() throws Exception {
        // Written by torch.onnx.export (src/test/resources/onnx/pytorch/make_tiny.py): conv, batch norm folded in,
        // ReLU, adaptive average pooling, flatten, Linear(16, 5); once with a dynamic batch, once with batch 1.
        com.fasterxml.jackson.databind.JsonNode reference = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(getClass().getResourceAsStream("/onnx/pytorch/pytorch_tiny_reference.json"));
        float[] expected = new float[reference.path("features").size()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) reference.path("features").get(i).asDouble();
        }
        for (String name : List.of("pytorch_tiny_dynamic.onnx", "pytorch_tiny_batch1.onnx")) {
            Path model = dir.resolve(name);
            try (java.io.InputStream in = getClass().getResourceAsStream("/onnx/pytorch/" + name)) {
                Files.copy(in, model);
            }
            List<String> notices = new ArrayList<>();
            try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model.toString()), notices::add)) {
                assertEquals(16, judge.dimension(), name + ": the flattened pooling before the classifier, "
                        + judge.description());
                assertTrue(judge.description().contains("Gemm"), judge.description());
                assertEquals("torchvision", judge.preprocessing().preset(), name);
                assertTrue(notices.toString().contains("torchvision"), notices.toString());
                // Two images of one colour each: whatever the resize and crop, the network sees that colour after
                // torchvision's normalisation, as PyTorch did.
                int size = judge.resolution();
                float[] rgb = new float[2 * size * size * 3];
                for (int p = 0; p < 2 * size * size; p++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[p * 3 + c] = (float) reference.path("rgb").get(c).asDouble();
                    }
                }
                float[][] features = judge.extract(rgb, 2);
                for (float[] f : features) {
                    assertArrayEquals(expected, f, 1e-4f, name);
                }
            }
        }
    }

    @Test
    void anOutputThatIsNotAVectorIsRefusedByName() throws Exception {
        Path model = dir.resolve("map.onnx");
        Files.write(model, dev.loupe.testing.OnnxGraphs.pooling(new long[] {1, 6, 6, 3}, true, false, "feature_map"));
        EngineException e = assertThrows(EngineException.class,
                () -> ForeignOnnx.open(BackboneSpec.onnx(model.toString()), s -> { }));
        assertTrue(e.getMessage().contains("feature_map") && e.getMessage().contains("[1, 3, 6, 6]"), e.getMessage());
        assertTrue(e.getMessage().contains("--onnx-output"), e.getMessage());
    }

    @Test
    void withoutPreprocessingTheTorchvisionPresetIsUsedAndSaid() throws Exception {
        Path model = dir.resolve("plain.onnx");
        Files.write(model, dev.loupe.testing.OnnxGraphs.pooling(new long[] {-1, 3, 8, 8}, false, true, "output"));
        List<String> notices = new ArrayList<>();
        String first;
        try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model.toString()), notices::add)) {
            assertEquals("torchvision", judge.preprocessing().preset());
            assertEquals(1, notices.size(), notices.toString());
            assertTrue(notices.get(0).contains("torchvision"), notices.get(0));
            first = judge.fingerprint();
        }
        // A sidecar beside the model decides instead, silently, and the cache tells the two apart.
        Files.writeString(dir.resolve("plain.json"), "{\"preset\": \"clip\"}");
        notices.clear();
        try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model.toString()), notices::add)) {
            assertEquals("clip", judge.preprocessing().preset());
            assertTrue(notices.isEmpty(), notices.toString());
            assertNotEquals(first, judge.fingerprint(), "other pixels, other features");
        }
        Files.writeString(dir.resolve("plain.json"), "{\"preset\": \"imagenet-magic\"}");
        EngineException e = assertThrows(EngineException.class,
                () -> ForeignOnnx.open(BackboneSpec.onnx(model.toString()), s -> { }));
        assertTrue(e.getMessage().contains("plain.json") && e.getMessage().contains("torchvision"), e.getMessage());
    }

    @Test
    void aMissingFileOrTensorIsNamed() throws Exception {
        EngineException missing = assertThrows(EngineException.class,
                () -> ForeignOnnx.open(BackboneSpec.onnx(dir.resolve("nope.onnx").toString()), s -> { }));
        assertTrue(missing.getMessage().contains("nope.onnx"), missing.getMessage());
        Path model = dir.resolve("named.onnx");
        Files.write(model, dev.loupe.testing.OnnxGraphs.pooling(new long[] {-1, 3, 8, 8}, false, true, "output"));
        EngineException tensor = assertThrows(EngineException.class,
                () -> ForeignOnnx.open(BackboneSpec.onnx(model + ";output=logits"), s -> { }));
        assertTrue(tensor.getMessage().contains("logits") && tensor.getMessage().contains("output"),
                tensor.getMessage());
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "not a model at all");
        assertThrows(EngineException.class, () -> ForeignOnnx.open(BackboneSpec.onnx(junk.toString()), s -> { }));
    }

    @Test
    void theNameCarriesTheFileAndTheChoices() {
        BackboneSpec spec = BackboneSpec.parse("onnx:/models/My Encoder.onnx;preprocess=clip;output=pooled");
        assertEquals(BackboneSpec.Family.ONNX, spec.family());
        assertEquals("onnx:/models/My Encoder.onnx;preprocess=clip;output=pooled", spec.name(), "case and spaces kept");
        ForeignOnnx.Source source = ForeignOnnx.Source.parse(spec.source());
        assertEquals(Path.of("/models/My Encoder.onnx"), source.model());
        assertEquals("clip", source.preprocess());
        assertEquals("pooled", source.output());
        assertThrows(IllegalArgumentException.class, () -> BackboneSpec.parse("onnx:"));
    }

    static float[] randomPixels(int count, int size, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[count * size * size * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(256);
        }
        return pixels;
    }

    /**
     * A pooled 3-channel image times a 3x4 matrix kept in a file of its own ("external data", as PyTorch saves
     * models over 2 GB).
     */
    private static byte[] projectionWithExternalWeights(String dataFile) {
        onnx.Onnx.GraphProto.Builder g = onnx.Onnx.GraphProto.newBuilder().setName("external");
        g.addNode(onnx.Onnx.NodeProto.newBuilder().setOpType("GlobalAveragePool").addInput("pixels").addOutput("pool"));
        g.addNode(onnx.Onnx.NodeProto.newBuilder().setOpType("Flatten").addInput("pool").addOutput("flat")
                .addAttribute(onnx.Onnx.AttributeProto.newBuilder().setName("axis")
                        .setType(onnx.Onnx.AttributeProto.AttributeType.INT).setI(1)));
        g.addNode(onnx.Onnx.NodeProto.newBuilder().setOpType("MatMul").addInput("flat").addInput("W")
                .addOutput("embedding"));
        g.addInitializer(onnx.Onnx.TensorProto.newBuilder().setName("W").addDims(3).addDims(4)
                .setDataType(onnx.Onnx.TensorProto.DataType.FLOAT_VALUE)
                .setDataLocation(onnx.Onnx.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(onnx.Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue(dataFile))
                .addExternalData(onnx.Onnx.StringStringEntryProto.newBuilder().setKey("offset").setValue("0"))
                .addExternalData(onnx.Onnx.StringStringEntryProto.newBuilder().setKey("length").setValue("48")));
        onnx.Onnx.TensorShapeProto.Builder shape = onnx.Onnx.TensorShapeProto.newBuilder()
                .addDim(onnx.Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : new long[] {3, 8, 8}) {
            shape.addDim(onnx.Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        g.addInput(onnx.Onnx.ValueInfoProto.newBuilder().setName("pixels").setType(onnx.Onnx.TypeProto.newBuilder()
                .setTensorType(onnx.Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(onnx.Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape))));
        g.addOutput(onnx.Onnx.ValueInfoProto.newBuilder().setName("embedding").setType(onnx.Onnx.TypeProto.newBuilder()
                .setTensorType(onnx.Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(onnx.Onnx.TensorProto.DataType.FLOAT_VALUE))));
        return onnx.Onnx.ModelProto.newBuilder().setIrVersion(7)
                .addOpsetImport(onnx.Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(g).build().toByteArray();
    }

    private static byte[] littleEndian(float... values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    @Test
    void aModelWithItsWeightsInADataFileBesideItJudgesAndItsFingerprintFollowsTheWeights() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("encoder"));
        Path model = folder.resolve("encoder.onnx");
        Files.write(model, projectionWithExternalWeights("encoder.onnx.data"));
        // W: each output sums or weighs the channel means (keras-mobilenet pixels: x / 127.5 - 1).
        Files.write(folder.resolve("encoder.onnx.data"), littleEndian(1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 2));
        float[] rgb = new float[8 * 8 * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = 255f;      // red 1.0
            rgb[i + 1] = 127.5f; // green 0.0
            rgb[i + 2] = 0f;    // blue -1.0
        }
        String first;
        try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model + ";preprocess=keras-mobilenet"), n -> { })) {
            float[] f = judge.extract(rgb, 1)[0];
            assertArrayEquals(new float[] {1, 0, -1, -1}, f, 1e-5f, "W read from encoder.onnx.data");
            first = judge.fingerprint();
            assertTrue(first.contains("data=encoder.onnx.data:sha256:"), first);
            EngineException e = assertThrows(EngineException.class, () -> PortableJudge.of(judge));
            assertTrue(e.getMessage().contains("save_as_external_data=False"), e.getMessage());
        }
        // An inner tensor as the features: the changed graph still finds its weights (and the folder is unchanged).
        try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model + ";preprocess=keras-mobilenet;output=flat"),
                n -> { })) {
            assertArrayEquals(new float[] {1, 0, -1}, judge.extract(rgb, 1)[0], 1e-5f);
        }
        try (var listing = Files.list(folder)) {
            assertEquals(2, listing.count(), "nothing written beside the model");
        }
        Files.write(folder.resolve("encoder.onnx.data"), littleEndian(2, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 2));
        try (ForeignOnnx judge = ForeignOnnx.open(BackboneSpec.onnx(model + ";preprocess=keras-mobilenet"), n -> { })) {
            assertNotEquals(first, judge.fingerprint(), "new weights, new features: the cache must not mix them");
        }
        Files.delete(folder.resolve("encoder.onnx.data"));
        EngineException missing = assertThrows(EngineException.class,
                () -> ForeignOnnx.open(BackboneSpec.onnx(model + ";preprocess=keras-mobilenet"), n -> { }));
        assertTrue(missing.getMessage().contains("keeps its weights in encoder.onnx.data beside it, which is not there"),
                missing.getMessage());
    }
}

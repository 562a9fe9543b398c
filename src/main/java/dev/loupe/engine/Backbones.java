package dev.loupe.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Opens backbones as {@link FeatureExtractor}s. */
public final class Backbones {

    private Backbones() {
    }

    /**
     * Opens a zoo backbone ({@code resnet50}, {@code vgg16}, {@code squeezenet}) with its ImageNet weights,
     * downloaded and cached by the DL4J zoo on first use.
     */
    public static FeatureExtractor openPretrainedZoo(BackboneSpec spec, long seed) {
        return openPretrainedZoo(spec, seed, InferenceBackend.ONNX);
    }

    /** The same, run by {@code backend} (ONNX Runtime on a graph exported from the zoo network, or DL4J). */
    public static FeatureExtractor openPretrainedZoo(BackboneSpec spec, long seed, InferenceBackend backend) {
        return ZooBackbones.open(spec, true, seed, backend);
    }

    /** Where a backbone's pretrained weights come from, for listings. */
    public static String weightsSource(BackboneSpec spec, WeightsStore store) {
        return spec.family() == BackboneSpec.Family.MOBILENET_V1 ? store.urlFor(spec)
                : "DL4J zoo: " + ZooBackbones.describeWeights(spec);
    }

    /**
     * The body of a saved model bundle as a feature extractor (on ONNX Runtime): lets a retrained or fine-tuned
     * model take over as the judge that scores the dataset.
     */
    public static FeatureExtractor fromBundle(Path bundle) {
        if (Files.isRegularFile(bundle.resolve(OnnxClassifier.GRAPH_FILE))) {
            // An ONNX round: its graph read as a model of the user's own gives the vector its head reads.
            return ForeignOnnx.open(BackboneSpec.onnx(bundle.resolve(OnnxClassifier.GRAPH_FILE).toAbsolutePath()
                    .toString()), notice -> { });
        }
        Path graphFile = bundle.resolve(TrainedModel.GRAPH_FILE);
        TrainedModel model = TrainedModel.load(bundle);
        BackboneSpec spec = BackboneSpec.parse(model.info().architecture());
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            model.close();
            throw new EngineException("Only MobileNet bundles can judge; " + spec.name() + " cannot");
        }
        ComputationGraph net = model.graph();
        return new OnnxFeatureExtractor(spec, net, () -> MobileNetOnnx.export(net, spec, false),
                spec.name() + ";bundle=sha256:" + WeightsStore.sha256(graphFile), true, MobileNetV1.featureSize(spec.alpha()));
    }

    /**
     * ONNX Runtime's own forward-pass speed for {@code spec} on random NCHW tensors (no decoding, no
     * normalisation), in images per second: the ceiling that featurizing is measured against.
     */
    public static double onnxForwardImagesPerSecond(BackboneSpec spec, int batch, double seconds) {
        if (spec.family() == BackboneSpec.Family.ONNX) {
            try (ForeignOnnx model = ForeignOnnx.open(spec, notice -> { })) {
                return model.forwardImagesPerSecond(batch, seconds);
            }
        }
        byte[] graph;
        if (spec.family() == BackboneSpec.Family.MOBILENET_V1) {
            ComputationGraph net = MobileNetV1.build(spec, 0, 1);
            graph = MobileNetOnnx.export(net, spec, false);
            net.clear();
        } else {
            graph = ZooBackbones.randomOnnx(spec);
        }
        try (OnnxSession session = new OnnxSession(graph)) {
            int size = spec.resolution();
            float[] input = new float[batch * 3 * size * size];
            java.util.Random random = new java.util.Random(1);
            for (int i = 0; i < input.length; i++) {
                input[i] = random.nextFloat() * 2 - 1;
            }
            for (int i = 0; i < 3; i++) {
                session.run(input, batch, size);
            }
            long start = System.nanoTime();
            int images = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                session.run(input, batch, size);
                images += batch;
            }
            return images / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Floating-point operations of one forward pass up to the features, in GFLOP (two per multiply-add of
     * every convolution), counted on the network Loupe builds: MobileNet v1 1.0_224 is 1.14; the DL4J zoo's
     * ResNet50 is 2.2 (its first stage is strided, unlike torchvision's 8.2-GFLOP ResNet50).
     */
    public static double gflopPerImage(BackboneSpec spec) {
        if (spec.family() == BackboneSpec.Family.ONNX) {
            return Double.NaN; // a graph of the user's own: Loupe does not count its operations
        }
        ComputationGraph net = spec.family() == BackboneSpec.Family.MOBILENET_V1 ? MobileNetV1.build(spec, 0, 1)
                : (ComputationGraph) ZooBackbones.zooModel(spec, 1).init();
        try {
            return gflopPerImage(net, spec);
        } finally {
            net.clear();
        }
    }

    /** The same, for a network already built. */
    static double gflopPerImage(ComputationGraph net, BackboneSpec spec) {
        java.util.Map<String, org.deeplearning4j.nn.conf.inputs.InputType> types = net.getConfiguration()
                .getLayerActivationTypes(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(
                        spec.resolution(), spec.resolution(), 3));
        double macs = 0;
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer conv
                    && types.get(conv.getLayerName()) instanceof
                    org.deeplearning4j.nn.conf.inputs.InputType.InputTypeConvolutional out) {
                macs += (double) layer.paramTable().get("W").length() * out.getHeight() * out.getWidth();
            }
        }
        return 2 * macs / 1e9;
    }

    /** Single-precision matrix multiply speed through ND4J's BLAS, in GFLOP/s: the machine's compute yardstick. */
    public static double sgemmGflops() {
        int n = 2048;
        INDArray a = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, n);
        a.mmul(b);
        int reps = 10;
        long start = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            a.mmul(b).close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return reps * 2.0 * n * n * n / seconds / 1e9;
    }

    /** Two smooth random images (noise blurred over blocks), normalised like real input, to calibrate batch norm. */
    private static INDArray calibrationBatch(int size, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int count = 2; // every position of every image counts; DL4J keeps all activations, so few images
        int block = Math.max(1, size / 16);
        float[] rgb = new float[count * size * size * 3];
        for (int n = 0; n < count; n++) {
            float[][] grid = new float[(size / block + 1) * (size / block + 1)][3];
            for (float[] cell : grid) {
                for (int c = 0; c < 3; c++) {
                    cell[c] = random.nextInt(256);
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float[] cell = grid[(y / block) * (size / block + 1) + x / block];
                    int o = ((n * size + y) * size + x) * 3;
                    rgb[o] = cell[0];
                    rgb[o + 1] = cell[1];
                    rgb[o + 2] = cell[2];
                }
            }
        }
        return Nd4j.create(Normalization.MINUS_ONE_TO_ONE.toNchw(rgb, count, size), new long[] {count, 3, size, size}, 'c');
    }

    /**
     * Builds {@code spec} with the given weights, or with seeded random weights when {@code weights} is empty.
     *
     * @throws EngineException when the weights cannot be loaded
     */
    public static FeatureExtractor open(BackboneSpec spec, Optional<Path> weights, long seed) {
        return open(spec, weights, seed, InferenceBackend.DL4J);
    }

    /**
     * Builds {@code spec} and runs it with {@code backend}: with ONNX Runtime, on a graph exported from the DL4J
     * network (zoo backbones fall back to DL4J if they hold a layer the exporter does not know).
     */
    public static FeatureExtractor open(BackboneSpec spec, Optional<Path> weights, long seed, InferenceBackend backend) {
        if (spec.family() == BackboneSpec.Family.ONNX) {
            if (weights.isPresent()) {
                throw new EngineException(spec.name() + " carries its own weights; --weights is for MobileNet's "
                        + "Keras files");
            }
            return ForeignOnnx.open(spec, notice -> { });
        }
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            if (weights.isPresent()) {
                throw new EngineException(spec.name() + " takes its weights from the DL4J zoo; --weights FILE is for "
                        + "MobileNet's Keras files");
            }
            return ZooBackbones.open(spec, false, seed, backend);
        }
        ComputationGraph net = MobileNetV1.build(spec, 0, seed);
        String fingerprint;
        if (weights.isPresent()) {
            KerasMobileNetWeights.load(net, spec, weights.get());
            fingerprint = spec.name() + ";weights=sha256:" + WeightsStore.sha256(weights.get());
        } else {
            MobileNetV1.calibrateBatchNorm(net, calibrationBatch(spec.resolution(), seed));
            fingerprint = spec.name() + ";weights=random:" + seed;
        }
        int dimension = MobileNetV1.featureSize(spec.alpha());
        if (backend == InferenceBackend.ONNX) {
            return new OnnxFeatureExtractor(spec, net, () -> MobileNetOnnx.export(net, spec, false), fingerprint,
                    weights.isPresent(), dimension);
        }
        return new Dl4jFeatureExtractor(spec, net, Normalization.MINUS_ONE_TO_ONE, fingerprint, weights.isPresent(),
                dimension);
    }
}

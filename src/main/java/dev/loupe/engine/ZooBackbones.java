package dev.loupe.engine;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.common.resources.DL4JResources;
import org.deeplearning4j.common.resources.ResourceType;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.model.ResNet50;
import org.deeplearning4j.zoo.model.SqueezeNet;
import org.deeplearning4j.zoo.model.VGG16;

/**
 * Large backbones from the DL4J model zoo, with ImageNet weights through the zoo's own download and cache
 * ({@code ~/.deeplearning4j/models/}), or random weights. Features are the input of the zoo model's
 * classifier layer.
 */
final class ZooBackbones {

    private ZooBackbones() {
    }

    static ZooModel<?> zooModel(BackboneSpec spec, long seed) {
        return switch (spec.family()) {
            case RESNET50 -> ResNet50.builder().numClasses(1000).seed(seed).build();
            case VGG16 -> VGG16.builder().numClasses(1000).seed(seed).build();
            case SQUEEZENET -> SqueezeNet.builder().numClasses(1000).seed(seed).build();
            default -> throw new IllegalArgumentException(spec.name() + " is not a zoo model");
        };
    }

    /** Where the zoo keeps (or would keep) the pretrained file, and where it downloads it from. */
    static String describeWeights(BackboneSpec spec) {
        ZooModel<?> zoo = zooModel(spec, 0);
        String url = zoo.pretrainedUrl(PretrainedType.IMAGENET);
        return url == null ? "no pretrained weights published" : url;
    }

    static File cachedFile(ZooModel<?> zoo) {
        String url = zoo.pretrainedUrl(PretrainedType.IMAGENET);
        return new File(DL4JResources.getDirectory(ResourceType.ZOO_MODEL, zoo.modelName()), new File(url).getName());
    }

    /** Random pixels normalised like real input (Caffe style), to calibrate batch norm of random zoo nets. */
    private static org.nd4j.linalg.api.ndarray.INDArray calibrationSample(int size, long seed) {
        java.util.Random random = new java.util.Random(seed);
        int count = 2; // every position counts; DL4J keeps each activation of the batch (ResNet50: GBs)
        float[] rgb = new float[count * size * size * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = random.nextInt(256);
        }
        return org.nd4j.linalg.factory.Nd4j.create(Normalization.CAFFE_BGR_MEANS.toNchw(rgb, count, size),
                new long[] {count, 3, size, size}, 'c');
    }

    /**
     * The vertex whose activations are the features: the last 4-D activation before the classifier, averaged
     * over space (what "pooled features" means for every CNN; the zoo's own pooling layers differ from model
     * to model).
     */
    static String featureVertex(ComputationGraph net, BackboneSpec spec) {
        Map<String, InputType> types = net.getConfiguration()
                .getLayerActivationTypes(InputType.convolutional(spec.resolution(), spec.resolution(), 3));
        String featureVertex = net.getConfiguration().getNetworkOutputs().get(0);
        while (!(types.get(featureVertex) instanceof InputType.InputTypeConvolutional)) {
            List<String> inputs = net.getConfiguration().getVertexInputs().get(featureVertex);
            if (inputs == null || inputs.isEmpty()) {
                throw new EngineException(spec.name() + ": no convolutional layer found before the classifier");
            }
            featureVertex = inputs.get(0);
        }
        return featureVertex;
    }

    static int dimension(ComputationGraph net, BackboneSpec spec, String featureVertex) {
        Map<String, InputType> types = net.getConfiguration()
                .getLayerActivationTypes(InputType.convolutional(spec.resolution(), spec.resolution(), 3));
        return (int) ((InputType.InputTypeConvolutional) types.get(featureVertex)).getChannels();
    }

    /** The ONNX graph of a zoo backbone with random, uncalibrated weights: for timing the forward pass only. */
    static byte[] randomOnnx(BackboneSpec spec) {
        ComputationGraph net = (ComputationGraph) zooModel(spec, 1).init();
        try {
            String vertex = featureVertex(net, spec);
            return GraphOnnx.export(net, vertex, spec.resolution(), dimension(net, spec, vertex));
        } finally {
            net.clear();
        }
    }

    static FeatureExtractor open(BackboneSpec spec, boolean pretrained, long seed, InferenceBackend backend) {
        ZooModel<?> zoo = zooModel(spec, seed);
        ComputationGraph net;
        if (pretrained) {
            if (!zoo.pretrainedAvailable(PretrainedType.IMAGENET)) {
                throw new EngineException(spec.name() + " has no ImageNet weights in the DL4J zoo; use --weights none");
            }
            try {
                net = zoo.initPretrained(PretrainedType.IMAGENET);
            } catch (IOException | RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new EngineException("Could not download the ImageNet weights for " + spec.name() + " (" + reason
                        + ").\n  Fetch:   " + zoo.pretrainedUrl(PretrainedType.IMAGENET)
                        + "\n  Save as: " + cachedFile(zoo).getAbsolutePath()
                        + "\n  or pass --weights none to train from scratch.", e);
            }
        } else {
            net = (ComputationGraph) zoo.init();
            BatchNormCalibration.calibrate(net, calibrationSample(spec.resolution(), seed));
        }
        String featureVertex = featureVertex(net, spec);
        int dimension = dimension(net, spec, featureVertex);
        String fingerprint = spec.name() + ";weights=" + (pretrained ? "dl4j-zoo-imagenet" : "random:" + seed);
        // The zoo's ImageNet models were converted from Caffe-style Keras models: BGR, mean-subtracted.
        if (backend == InferenceBackend.ONNX) {
            try {
                ComputationGraph graph = net;
                return new OnnxFeatureExtractor(spec, net,
                        () -> GraphOnnx.export(graph, featureVertex, spec.resolution(), dimension), fingerprint, pretrained,
                        dimension,
                        Normalization.CAFFE_BGR_MEANS);
            } catch (EngineException e) {
                org.slf4j.LoggerFactory.getLogger(ZooBackbones.class).warn("{} runs on DL4J: {}", spec.name(),
                        e.getMessage());
            }
        }
        return new Dl4jFeatureExtractor(spec, net, Normalization.CAFFE_BGR_MEANS, fingerprint, pretrained, dimension,
                featureVertex);
    }
}

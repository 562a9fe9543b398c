package dev.loupe.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * MobileNet v1 (Howard et al. 2017) as a DL4J graph, laid out exactly like Keras-applications' MobileNet so
 * that its HDF5 weights load by layer name: {@code conv1}, {@code conv1_bn}, {@code conv_dw_N},
 * {@code conv_dw_N_bn}, {@code conv_pw_N}, {@code conv_pw_N_bn}. Stride-2 convolutions pad one pixel at the
 * bottom and right only (TensorFlow's "same" for even inputs), then convolve without padding.
 */
public final class MobileNetV1 {

    /** The vertex holding the pooled features. */
    public static final String POOL = "global_average_pooling";
    public static final String INPUT = "input";
    public static final String PREDICTIONS = "predictions";
    /** Keras MobileNet uses this batch-norm epsilon. */
    static final double BN_EPSILON = 1e-3;

    /** Pointwise filters (at alpha 1) and strides of the 13 depthwise-separable blocks. */
    private static final int[][] BLOCKS = {
        {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},
        {512, 1}, {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};

    private MobileNetV1() {
    }

    /** Width of the pooled feature vector for a width multiplier. */
    public static int featureSize(double alpha) {
        return (int) (1024 * alpha);
    }

    /**
     * Builds the graph with fresh (random, seeded) weights.
     *
     * @param classes number of classes of a softmax top, or 0 for no top (the output is the pooled features)
     */
    public static ComputationGraph build(BackboneSpec spec, int classes, long seed) {
        return build(spec, classes, seed, 1e-3);
    }

    /** Builds the graph with an Adam updater at {@code learningRate} for training. */
    public static ComputationGraph build(BackboneSpec spec, int classes, long seed, double learningRate) {
        if (spec.family() != BackboneSpec.Family.MOBILENET_V1) {
            throw new IllegalArgumentException("not a MobileNet: " + spec);
        }
        double alpha = spec.alpha();
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.resolution(), spec.resolution(), 3));

        g.addLayer("conv1_pad", new ZeroPaddingLayer.Builder(0, 1, 0, 1).build(), INPUT);
        g.addLayer("conv1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut((int) (32 * alpha))
                .hasBias(false).convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(),
                "conv1_pad");
        String last = batchNormRelu(g, "conv1");

        for (int i = 0; i < BLOCKS.length; i++) {
            int id = i + 1;
            int filters = (int) (BLOCKS[i][0] * alpha);
            int stride = BLOCKS[i][1];
            String in = last;
            ConvolutionMode mode = ConvolutionMode.Same;
            if (stride == 2) {
                g.addLayer("conv_pad_" + id, new ZeroPaddingLayer.Builder(0, 1, 0, 1).build(), in);
                in = "conv_pad_" + id;
                mode = ConvolutionMode.Truncate;
            }
            g.addLayer("conv_dw_" + id, new DepthwiseConvolution2D.Builder(3, 3).stride(stride, stride)
                    .depthMultiplier(1).hasBias(false).convolutionMode(mode).activation(Activation.IDENTITY).build(), in);
            last = batchNormRelu(g, "conv_dw_" + id);
            g.addLayer("conv_pw_" + id, new ConvolutionLayer.Builder(1, 1).stride(1, 1).nOut(filters).hasBias(false)
                    .activation(Activation.IDENTITY).build(), last);
            last = batchNormRelu(g, "conv_pw_" + id);
        }
        g.addLayer(POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        if (classes > 0) {
            g.addLayer(PREDICTIONS, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                    .nOut(classes).activation(Activation.SOFTMAX)
                    // A zero top starts every class at equal odds, so the first steps train the body
                    // instead of undoing a random top's confident mistakes.
                    .weightInit(WeightInit.ZERO).build(), POOL);
            g.setOutputs(PREDICTIONS);
        } else {
            g.setOutputs(POOL);
        }
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        return graph;
    }

    /**
     * Sets every batch-norm layer's running mean and variance from the activations {@code sample} produces,
     * layer by layer. Without this, a randomly initialised MobileNet's activations shrink block after block
     * and every image ends up with the same features; with it, a network trained from scratch starts from
     * well-scaled, image-dependent features.
     */
    public static void calibrateBatchNorm(ComputationGraph net, INDArray sample) {
        BatchNormCalibration.calibrate(net, sample);
    }

    private static String batchNormRelu(ComputationGraphConfiguration.GraphBuilder g, String conv) {
        g.addLayer(conv + "_bn", new BatchNormalization.Builder().eps(BN_EPSILON).useLogStd(false).build(), conv);
        g.addLayer(conv + "_relu", new ActivationLayer.Builder().activation(Activation.RELU6).build(), conv + "_bn");
        return conv + "_relu";
    }
}

package dev.loupe.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes the feature part of a DL4J convolutional graph (the zoo's ResNet50, VGG16, SqueezeNet) as an ONNX
 * model: every vertex the feature vertex depends on, then global average pooling. Handles convolution (any
 * padding mode), batch norm, ReLU/ReLU6/leaky ReLU/sigmoid/tanh, max and average pooling, zero padding, element-wise add, merge
 * (concat) and dropout (identity at inference). Anything else is refused with an {@link EngineException},
 * and the caller falls back to DL4J.
 */
final class GraphOnnx {

    private final OnnxWriter graph = new OnnxWriter("loupe-graph");
    private final ComputationGraph net;
    private final Map<String, InputType> types;
    private final Map<String, String> outputOf = new HashMap<>();
    private final int resolution;

    private GraphOnnx(ComputationGraph net, int resolution) {
        this.net = net;
        this.resolution = resolution;
        this.types = net.getConfiguration().getLayerActivationTypes(InputType.convolutional(resolution, resolution, 3));
    }

    /** The ONNX bytes of {@code net} up to {@code featureVertex}, its activations averaged over space. */
    static byte[] export(ComputationGraph net, String featureVertex, int resolution, int dimension) {
        return new GraphOnnx(net, resolution).build(featureVertex, resolution, dimension);
    }

    private byte[] build(String featureVertex, int resolution, int dimension) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        String networkInput = conf.getNetworkInputs().get(0);
        outputOf.put(networkInput, OnnxWriter.INPUT);
        for (String name : order(conf, featureVertex)) {
            if (outputOf.containsKey(name)) {
                continue;
            }
            List<String> inputs = conf.getVertexInputs().get(name).stream().map(outputOf::get).toList();
            outputOf.put(name, vertex(name, conf.getVertices().get(name), inputs));
        }
        String pooled = graph.node("GlobalAveragePool", List.of(outputOf.get(featureVertex)), Map.of());
        return graph.finish(graph.node("Flatten", List.of(pooled), Map.of("axis", 1L)), resolution, dimension);
    }

    /** The vertices {@code target} depends on, inputs before the vertices that read them. */
    private static List<String> order(ComputationGraphConfiguration conf, String target) {
        List<String> sorted = new java.util.ArrayList<>();
        Set<String> done = new HashSet<>();
        Deque<String[]> stack = new ArrayDeque<>();
        stack.push(new String[] {target, "enter"});
        while (!stack.isEmpty()) {
            String[] top = stack.pop();
            String name = top[0];
            if (done.contains(name)) {
                continue;
            }
            List<String> inputs = conf.getVertexInputs().getOrDefault(name, List.of());
            if (top[1].equals("enter")) {
                stack.push(new String[] {name, "exit"});
                for (String in : inputs) {
                    if (!done.contains(in)) {
                        stack.push(new String[] {in, "enter"});
                    }
                }
            } else {
                done.add(name);
                sorted.add(name);
            }
        }
        return sorted;
    }

    private String vertex(String name, GraphVertex vertex, List<String> inputs) {
        if (vertex instanceof ElementWiseVertex add && add.getOp() == ElementWiseVertex.Op.Add) {
            return graph.node("Sum", inputs, Map.of());
        }
        if (vertex instanceof MergeVertex) {
            return graph.node("Concat", inputs, Map.of("axis", 1L));
        }
        if (!(vertex instanceof LayerVertex lv) || inputs.size() != 1) {
            throw unsupported(name, vertex.getClass().getSimpleName());
        }
        Layer layer = lv.getLayerConf().getLayer();
        String in = inputs.get(0);
        if (layer instanceof DepthwiseConvolution2D || layer instanceof SeparableConvolution2D) {
            throw unsupported(name, layer.getClass().getSimpleName());
        }
        if (layer instanceof ConvolutionLayer conv) {
            return activation(name, conv.getActivationFn(), convolution(name, conv, in));
        }
        if (layer instanceof BatchNormalization bn) {
            return batchNorm(name, bn, in); // DL4J applies no activation in batch norm, whatever its config says
        }
        if (layer instanceof ActivationLayer act) {
            return activation(name, act.getActivationFn(), in);
        }
        if (layer instanceof SubsamplingLayer pool) {
            return pooling(name, pool, in);
        }
        if (layer instanceof ZeroPaddingLayer pad) {
            int[] p = pad.getPadding(); // top, bottom, left, right
            String pads = graph.longs(name + "_pads", new long[] {0, 0, p[0], p[2], 0, 0, p[1], p[3]});
            // ONNX Runtime folds a zero Pad into a following MaxPool, whose own padding counts as -infinity,
            // not zero (a window of negative values next to the border then loses its 0). A pad value
            // one step below zero is not folded and changes no result beyond 1e-38.
            float value = feedsMaxPool(name) ? -Float.MIN_NORMAL : 0f;
            return graph.node("Pad", List.of(in, pads, graph.scalar(name + "_value", value)), Map.of());
        }
        if (layer instanceof DropoutLayer) {
            return in;
        }
        throw unsupported(name, layer.getClass().getSimpleName());
    }

    private boolean feedsMaxPool(String vertex) {
        ComputationGraphConfiguration conf = net.getConfiguration();
        return conf.getVertexInputs().entrySet().stream()
                .filter(e -> e.getValue().contains(vertex))
                .map(e -> conf.getVertices().get(e.getKey()))
                .anyMatch(v -> v instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof SubsamplingLayer pool
                        && pool.getPoolingType() == PoolingType.MAX);
    }

    private static EngineException unsupported(String name, String what) {
        return new EngineException("cannot export " + what + " (" + name + ") to ONNX");
    }

    private String activation(String name, IActivation fn, String in) {
        if (fn == null || fn instanceof ActivationIdentity) {
            return in;
        }
        if (fn instanceof ActivationReLU) {
            return graph.node("Relu", List.of(in), Map.of());
        }
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationSigmoid) {
            return graph.node("Sigmoid", List.of(in), Map.of());
        }
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationTanH) {
            return graph.node("Tanh", List.of(in), Map.of());
        }
        if (fn instanceof org.nd4j.linalg.activations.impl.ActivationLReLU leaky) {
            return graph.node("LeakyRelu", List.of(in), Map.of("alpha", (float) leaky.getAlpha()));
        }
        if (fn instanceof ActivationReLU6) {
            return graph.node("Clip", List.of(in, graph.scalar(name + "_min", 0f), graph.scalar(name + "_max", 6f)), Map.of());
        }
        throw unsupported(name, "activation " + fn);
    }

    private long[] spatial(String vertex) {
        InputType.InputTypeConvolutional t = (InputType.InputTypeConvolutional) types.get(vertex);
        return new long[] {t.getHeight(), t.getWidth()};
    }

    /** The input vertex's output size, for padding computed from shapes ("same" mode). */
    private long[] inputSize(String name) {
        String input = net.getConfiguration().getVertexInputs().get(name).get(0);
        return input.equals(net.getConfiguration().getNetworkInputs().get(0))
                ? new long[] {resolution, resolution} : spatial(input);
    }

    /** ONNX pads [top, left, bottom, right] for DL4J's padding modes. */
    private long[] pads(String name, ConvolutionMode mode, int[] kernel, int[] stride, int[] padding, int[] dilation) {
        if (mode != ConvolutionMode.Same) {
            return new long[] {padding[0], padding[1], padding[0], padding[1]};
        }
        long[] in = inputSize(name);
        long[] out = spatial(name);
        long[] result = new long[4];
        for (int d = 0; d < 2; d++) {
            long effective = (long) (kernel[d] - 1) * dilation[d] + 1;
            long total = Math.max(0, (out[d] - 1) * stride[d] + effective - in[d]);
            result[d] = total / 2;
            result[d + 2] = total - total / 2;
        }
        return result;
    }

    private String convolution(String name, ConvolutionLayer conv, String in) {
        Map<String, INDArray> params = net.getLayer(name).paramTable();
        INDArray w = params.get("W");
        int[] kernel = conv.getKernelSize();
        int[] stride = conv.getStride();
        int[] dilation = conv.getDilation() == null ? new int[] {1, 1} : conv.getDilation();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kernel[0], kernel[1]});
        attrs.put("strides", new long[] {stride[0], stride[1]});
        attrs.put("dilations", new long[] {dilation[0], dilation[1]});
        attrs.put("pads", pads(name, conv.getConvolutionMode(), kernel, stride, conv.getPadding(), dilation));
        String wName = graph.tensor(name + "_W", w, w.shape());
        if (conv.hasBias() && params.containsKey("b")) {
            INDArray b = params.get("b");
            return graph.node("Conv", List.of(in, wName, graph.tensor(name + "_b", b, new long[] {b.length()})), attrs);
        }
        return graph.node("Conv", List.of(in, wName), attrs);
    }

    private String batchNorm(String name, BatchNormalization bn, String in) {
        Map<String, INDArray> params = net.getLayer(name).paramTable();
        long channels = bn.getNOut();
        float[] gamma = params.containsKey("gamma") ? OnnxWriter.flat(params.get("gamma")) : filled(channels, (float) bn.getGamma());
        float[] beta = params.containsKey("beta") ? OnnxWriter.flat(params.get("beta")) : filled(channels, (float) bn.getBeta());
        float[] mean = OnnxWriter.flat(params.get("mean"));
        float[] var;
        if (params.containsKey("var")) {
            var = OnnxWriter.flat(params.get("var"));
        } else {
            // log10 of the standard deviation; DL4J normalises by sqrt(std^2 + eps) (checked in GraphOnnxTest).
            float[] logStd = OnnxWriter.flat(params.get("log10stdev"));
            var = new float[logStd.length];
            for (int i = 0; i < var.length; i++) {
                double std = Math.pow(10, logStd[i]);
                var[i] = (float) (std * std);
            }
        }
        long[] dims = {channels};
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("epsilon", (float) bn.getEps());
        return graph.node("BatchNormalization", List.of(in, graph.tensor(name + "_gamma", gamma, dims),
                graph.tensor(name + "_beta", beta, dims), graph.tensor(name + "_mean", mean, dims), graph.tensor(name + "_var", var, dims)),
                attrs);
    }

    private String pooling(String name, SubsamplingLayer pool, String in) {
        int[] kernel = pool.getKernelSize();
        int[] stride = pool.getStride();
        int[] dilation = pool.getDilation() == null ? new int[] {1, 1} : pool.getDilation();
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kernel[0], kernel[1]});
        attrs.put("strides", new long[] {stride[0], stride[1]});
        attrs.put("pads", pads(name, pool.getConvolutionMode(), kernel, stride, pool.getPadding(), dilation));
        if (pool.getPoolingType() == PoolingType.MAX) {
            return graph.node("MaxPool", List.of(in), attrs);
        }
        if (pool.getPoolingType() == PoolingType.AVG) {
            attrs.put("count_include_pad", pool.isAvgPoolIncludePadInDivisor() ? 1L : 0L);
            return graph.node("AveragePool", List.of(in), attrs);
        }
        throw unsupported(name, pool.getPoolingType() + " pooling");
    }

    private static float[] filled(long n, float value) {
        float[] out = new float[(int) n];
        java.util.Arrays.fill(out, value);
        return out;
    }
}

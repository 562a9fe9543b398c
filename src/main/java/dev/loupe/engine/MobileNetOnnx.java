package dev.loupe.engine;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a {@link MobileNetV1} DL4J graph as an ONNX model for ONNX Runtime: batch norm folded into the
 * convolutions, ReLU6 as Clip(0, 6), depthwise convolutions as grouped Conv, TensorFlow-style asymmetric
 * padding for stride 2. The output is the pooled features, or class probabilities when the graph has a top.
 */
final class MobileNetOnnx {

    private final OnnxWriter graph = new OnnxWriter("loupe-mobilenet");

    private MobileNetOnnx() {
    }

    /** The ONNX bytes of {@code net}; {@code withTop} keeps its softmax classifier. */
    static byte[] export(ComputationGraph net, BackboneSpec spec, boolean withTop) {
        MobileNetOnnx out = new MobileNetOnnx();
        return out.build(net, spec, withTop);
    }

    private byte[] build(ComputationGraph net, BackboneSpec spec, boolean withTop) {
        String x = OnnxWriter.INPUT;
        x = conv(net, "conv1", x, 2, false);
        for (int id = 1; id <= 13; id++) {
            int stride = stride(net, "conv_dw_" + id);
            x = conv(net, "conv_dw_" + id, x, stride, true);
            x = conv(net, "conv_pw_" + id, x, 1, false);
        }
        String pooled = graph.node("GlobalAveragePool", List.of(x), Map.of());
        String features = graph.node("Flatten", List.of(pooled), Map.of("axis", 1L));
        String result = features;
        if (withTop) {
            Map<String, INDArray> top = net.getLayer(MobileNetV1.PREDICTIONS).paramTable();
            INDArray w = top.get("W");
            INDArray b = top.get("b");
            String wName = graph.tensor("top_W", w, new long[] {w.size(0), w.size(1)});
            String bName = graph.tensor("top_b", b, new long[] {b.length()});
            String logits = graph.node("Gemm", List.of(features, wName, bName), Map.of());
            result = graph.node("Softmax", List.of(logits), Map.of("axis", 1L));
        }
        return graph.finish(result, spec.resolution(), withTop ? top(net) : MobileNetV1.featureSize(spec.alpha()));
    }

    private static long top(ComputationGraph net) {
        return net.getLayer(MobileNetV1.PREDICTIONS).paramTable().get("W").size(1);
    }

    private static int stride(ComputationGraph net, String layer) {
        var conf = (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) net.getLayer(layer).conf().getLayer();
        return conf.getStride()[0];
    }

    /** Convolution with its batch norm folded in, then ReLU6. */
    private String conv(ComputationGraph net, String name, String input, int stride, boolean depthwise) {
        INDArray w = net.getLayer(name).paramTable().get("W").castTo(DataType.FLOAT);
        INDArray oihw = depthwise ? w.permute(2, 3, 0, 1).dup('c') : w.dup('c');
        long out = oihw.size(0);
        long kernel = oihw.size(2);
        BatchNormalization bnConf = (BatchNormalization) net.getLayer(name + "_bn").conf().getLayer();
        Map<String, INDArray> bn = net.getLayer(name + "_bn").paramTable();
        float[] gamma = OnnxWriter.flat(bn.get("gamma"));
        float[] beta = OnnxWriter.flat(bn.get("beta"));
        float[] mean = OnnxWriter.flat(bn.get("mean"));
        float[] var = OnnxWriter.flat(bn.get("var"));
        float[] weights = oihw.reshape(oihw.length()).toFloatVector();
        int perFilter = (int) (weights.length / out);
        float[] bias = new float[(int) out];
        for (int o = 0; o < out; o++) {
            double scale = gamma[o] / Math.sqrt(var[o] + bnConf.getEps());
            for (int k = 0; k < perFilter; k++) {
                weights[o * perFilter + k] *= (float) scale;
            }
            bias[o] = (float) (beta[o] - mean[o] * scale);
        }
        String wName = graph.tensor(name + "_W", weights, oihw.shape());
        String bName = graph.tensor(name + "_b", bias, new long[] {out});
        long pad = kernel == 3 && stride == 1 ? 1 : 0;
        long[] pads = stride == 2 ? new long[] {0, 0, 1, 1} : new long[] {pad, pad, pad, pad};
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kernel, kernel});
        attrs.put("strides", new long[] {stride, stride});
        attrs.put("pads", pads);
        attrs.put("group", depthwise ? out : 1L);
        String conv = graph.node("Conv", List.of(input, wName, bName), attrs);
        return graph.node("Clip", List.of(conv, graph.scalar(name + "_min", 0f), graph.scalar(name + "_max", 6f)),
                Map.of());
    }
}

package dev.loupe.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import onnx.Onnx;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes a {@link MobileNetV1} DL4J graph as an ONNX model for ONNX Runtime: batch norm folded into the
 * convolutions, ReLU6 as Clip(0, 6), depthwise convolutions as grouped Conv, TensorFlow-style asymmetric
 * padding for stride 2. The output is the pooled features, or class probabilities when the graph has a top.
 */
final class MobileNetOnnx {

    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("loupe-mobilenet");
    private int counter;

    private MobileNetOnnx() {
    }

    /** The ONNX bytes of {@code net}; {@code withTop} keeps its softmax classifier. */
    static byte[] export(ComputationGraph net, BackboneSpec spec, boolean withTop) {
        MobileNetOnnx out = new MobileNetOnnx();
        return out.build(net, spec, withTop);
    }

    private byte[] build(ComputationGraph net, BackboneSpec spec, boolean withTop) {
        String x = INPUT;
        x = conv(net, "conv1", x, 2, false);
        for (int id = 1; id <= 13; id++) {
            int stride = stride(net, "conv_dw_" + id);
            x = conv(net, "conv_dw_" + id, x, stride, true);
            x = conv(net, "conv_pw_" + id, x, 1, false);
        }
        String pooled = node("GlobalAveragePool", new String[] {x}, Map.of());
        String features = node("Flatten", new String[] {pooled}, Map.of("axis", 1L));
        String result = features;
        if (withTop) {
            Map<String, INDArray> top = net.getLayer(MobileNetV1.PREDICTIONS).paramTable();
            INDArray w = top.get("W");
            INDArray b = top.get("b");
            String wName = initializer("top_W", w, new long[] {w.size(0), w.size(1)});
            String bName = initializer("top_b", b, new long[] {b.length()});
            String logits = node("Gemm", new String[] {features, wName, bName}, Map.of());
            result = node("Softmax", new String[] {logits}, Map.of("axis", 1L));
        }
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Identity").addInput(result).addOutput(OUTPUT)
                .setName("identity_output"));
        graph.addInput(valueInfo(INPUT, new Object[] {"batch", 3L, (long) spec.resolution(), (long) spec.resolution()}));
        graph.addOutput(valueInfo(OUTPUT, new Object[] {"batch", withTop ? top(net) : (long) MobileNetV1.featureSize(spec.alpha())}));
        Onnx.ModelProto model = Onnx.ModelProto.newBuilder()
                .setIrVersion(7)
                .setProducerName("loupe")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(graph)
                .build();
        return model.toByteArray();
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
        float[] gamma = flat(bn.get("gamma"));
        float[] beta = flat(bn.get("beta"));
        float[] mean = flat(bn.get("mean"));
        float[] var = flat(bn.get("var"));
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
        String wName = initializer(name + "_W", weights, oihw.shape());
        String bName = initializer(name + "_b", bias, new long[] {out});
        long pad = kernel == 3 && stride == 1 ? 1 : 0;
        long[] pads = stride == 2 ? new long[] {0, 0, 1, 1} : new long[] {pad, pad, pad, pad};
        Map<String, Object> attrs = new java.util.LinkedHashMap<>();
        attrs.put("kernel_shape", new long[] {kernel, kernel});
        attrs.put("strides", new long[] {stride, stride});
        attrs.put("pads", pads);
        attrs.put("group", depthwise ? out : 1L);
        String conv = node("Conv", new String[] {input, wName, bName}, attrs);
        String min = initializer(name + "_min", new float[] {0f}, new long[0]);
        String max = initializer(name + "_max", new float[] {6f}, new long[0]);
        return node("Clip", new String[] {conv, min, max}, Map.of());
    }

    private String node(String op, String[] inputs, Map<String, Object> attributes) {
        String output = op.toLowerCase(java.util.Locale.ROOT) + "_" + (counter++);
        Onnx.NodeProto.Builder node = Onnx.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        for (String in : inputs) {
            node.addInput(in);
        }
        attributes.forEach((key, value) -> {
            Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(key);
            if (value instanceof long[] ints) {
                a.setType(Onnx.AttributeProto.AttributeType.INTS);
                for (long v : ints) {
                    a.addInts(v);
                }
            } else {
                a.setType(Onnx.AttributeProto.AttributeType.INT).setI((Long) value);
            }
            node.addAttribute(a);
        });
        graph.addNode(node);
        return output;
    }

    private String initializer(String name, INDArray value, long[] dims) {
        return initializer(name, flat(value), dims);
    }

    private static float[] flat(INDArray value) {
        return value.castTo(DataType.FLOAT).dup('c').reshape(value.length()).toFloatVector();
    }

    private String initializer(String name, float[] values, long[] dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    private static Onnx.ValueInfoProto valueInfo(String name, Object[] dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            Onnx.TensorShapeProto.Dimension.Builder dim = Onnx.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String param) {
                dim.setDimParam(param);
            } else {
                dim.setDimValue((Long) d);
            }
            shape.addDim(dim);
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }
}

package dev.loupe.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes the QDQ int8 graph {@link Int8Quantizer} planned: every chosen activation through a QuantizeLinear /
 * DequantizeLinear pair at its measured scale, each chosen convolution's weights int8 per output channel and its
 * bias int32, shifted by what the calibration measured. Built more than once: the bias correction writes the
 * graph again with one convolution's float output exposed, to measure how far its channels' means moved.
 */
final class QdqGraph {

    private final Onnx.ModelProto proto;
    private final Map<String, Onnx.TensorProto> initializers;
    private final List<Onnx.NodeProto> convs;
    private final Set<String> activations;
    private final Map<String, String> id;
    private final Map<String, float[]> activationScale;
    private final Set<Onnx.NodeProto> redundant;
    private final List<float[]> inputMeans;

    /**
     * @param id              each activation's short name ("~3": it recurs in every node that reads it, and on a
     *                        0.25-width MobileNet the names are a visible share of the file)
     * @param activationScale each activation's scale and zero point
     * @param redundant       ReLUs and clips that the quantized range already applies: they go
     * @param inputMeans      each convolution's input channel means over the calibration images (or null)
     */
    QdqGraph(Onnx.ModelProto proto, Map<String, Onnx.TensorProto> initializers, List<Onnx.NodeProto> convs,
             Set<String> activations, Map<String, String> id, Map<String, float[]> activationScale,
             Set<Onnx.NodeProto> redundant, List<float[]> inputMeans) {
        this.proto = proto;
        this.initializers = initializers;
        this.convs = convs;
        this.activations = activations;
        this.id = id;
        this.activationScale = activationScale;
        this.redundant = redundant;
        this.inputMeans = inputMeans;
    }

    /**
     * The int8 graph, each convolution's bias lowered by {@code shifts} (per output channel; null entries for
     * none), with {@code exposed} (a float tensor of the graph) as an extra output when it is not null.
     */
    byte[] build(float[][] shifts, String exposed) {
        Onnx.GraphProto graph = proto.getGraph();
        Onnx.GraphProto.Builder out = graph.toBuilder().clearNode();
        Set<String> replacedWeights = new HashSet<>();
        for (String a : activations) {
            float[] sz = activationScale.get(a);
            out.addInitializer(scalarFloat(id.get(a) + "s", sz[0]));
            out.addInitializer(Onnx.TensorProto.newBuilder().setName(id.get(a) + "z")
                    .setDataType(Onnx.TensorProto.DataType.UINT8_VALUE)
                    .setRawData(ByteString.copyFrom(new byte[] {(byte) sz[1]})).build());
        }
        Set<String> graphInputs = new HashSet<>();
        for (Onnx.ValueInfoProto in : graph.getInputList()) {
            graphInputs.add(in.getName());
        }
        for (String a : activations) {
            if (graphInputs.contains(a)) {
                addQdq(out, a, id.get(a));
            }
        }
        Map<Onnx.NodeProto, Integer> index = new HashMap<>();
        for (int i = 0; i < convs.size(); i++) {
            index.put(convs.get(i), i);
        }
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (redundant.contains(node)) {
                addQdq(out, node.getInput(0), id.get(node.getOutput(0)));
                continue;
            }
            Onnx.NodeProto.Builder copy = node.toBuilder();
            for (int i = 0; i < copy.getInputCount(); i++) {
                if (activations.contains(copy.getInput(i))) {
                    copy.setInput(i, id.get(copy.getInput(i)) + "d");
                }
            }
            Integer c = index.get(node);
            if (c != null) {
                float inputScale = activationScale.get(node.getInput(0))[0];
                Onnx.TensorProto w = initializers.get(node.getInput(1));
                float[][] weightScalesAndError = addWeight(out, w, "~w" + c, inputMeans.get(c));
                copy.setInput(1, "~w" + c + "d");
                replacedWeights.add(w.getName());
                if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
                    Onnx.TensorProto b = initializers.get(node.getInput(2));
                    addBias(out, b, "~b" + c, inputScale, weightScalesAndError[0], weightScalesAndError[1],
                            shifts[c]);
                    copy.setInput(2, "~b" + c + "d");
                    replacedWeights.add(b.getName());
                }
            }
            out.addNode(copy);
            for (String o : node.getOutputList()) {
                if (activations.contains(o)) {
                    addQdq(out, o, id.get(o));
                }
            }
        }
        if (exposed != null) {
            out.addOutput(Onnx.ValueInfoProto.newBuilder().setName(exposed).setType(Onnx.TypeProto.newBuilder()
                    .setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                            .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        }
        // The graph's outputs keep their float names; the float weights the DQ nodes replaced and the bounds of
        // the clips that went are no longer read.
        Set<String> read = new HashSet<>();
        out.getNodeList().forEach(n -> read.addAll(n.getInputList()));
        List<Onnx.TensorProto> kept = new ArrayList<>();
        for (Onnx.TensorProto t : out.getInitializerList()) {
            if (!replacedWeights.contains(t.getName()) && read.contains(t.getName())) {
                kept.add(t);
            }
        }
        out.clearInitializer().addAllInitializer(kept);
        return proto.toBuilder().setGraph(out).build().toByteArray();
    }

    /** {@code tensor} through QuantizeLinear and DequantizeLinear; the new names start with {@code id}. */
    private static void addQdq(Onnx.GraphProto.Builder graph, String tensor, String id) {
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("QuantizeLinear")
                .addInput(tensor).addInput(id + "s").addInput(id + "z").addOutput(id + "q"));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("DequantizeLinear")
                .addInput(id + "q").addInput(id + "s").addInput(id + "z").addOutput(id + "d"));
    }

    /**
     * int8 weights, one symmetric scale per output channel. Returns the scales and, when the input's channel means
     * are known, each output channel's expected error from rounding the weights ({@code sum (Wq - W) * mean(x)}),
     * which the bias then takes back (bias correction: rounding errors do not average out in a channel's sum).
     */
    private static float[][] addWeight(Onnx.GraphProto.Builder graph, Onnx.TensorProto w, String name,
                                       float[] inputMeans) {
        float[] values = floats(w);
        int channels = (int) w.getDims(0);
        int per = values.length / channels;
        int inPerGroup = (int) w.getDims(1);
        int kernel = per / inPerGroup;
        int groups = inputMeans == null ? 1 : Math.max(1, inputMeans.length / inPerGroup);
        int outPerGroup = channels / groups;
        float[] scales = new float[channels];
        float[] error = new float[channels];
        byte[] q = new byte[values.length];
        for (int c = 0; c < channels; c++) {
            float max = 0f;
            for (int i = c * per; i < (c + 1) * per; i++) {
                max = Math.max(max, Math.abs(values[i]));
            }
            scales[c] = max > 0 ? max / 127f : 1f;
            double e = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                int v = Math.max(-127, Math.min(127, Math.round(values[i] / scales[c])));
                q[i] = (byte) v;
                if (inputMeans != null) {
                    int inChannel = (c / outPerGroup) * inPerGroup + (i - c * per) / kernel;
                    e += (v * scales[c] - values[i]) * inputMeans[inChannel];
                }
            }
            error[c] = (float) e;
        }
        Onnx.TensorProto.Builder wq = Onnx.TensorProto.newBuilder().setName(name + "i")
                .setDataType(Onnx.TensorProto.DataType.INT8_VALUE).setRawData(ByteString.copyFrom(q));
        wq.addAllDims(w.getDimsList());
        graph.addInitializer(wq);
        graph.addInitializer(vectorFloat(name + "s", scales));
        graph.addNode(dequantizeOnAxis(name));
        return new float[][] {scales, error};
    }

    /**
     * int32 biases at input scale times weight scale (what an integer convolution accumulates in), less the
     * weights' rounding error and the measured {@code shift} (null: none).
     */
    private static void addBias(Onnx.GraphProto.Builder graph, Onnx.TensorProto b, String name, float inputScale,
                                float[] weightScales, float[] weightError, float[] shift) {
        float[] values = floats(b);
        float[] scales = new float[values.length];
        ByteBuffer q = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < values.length; c++) {
            scales[c] = inputScale * weightScales[c];
            double corrected = values[c] - weightError[c] - (shift == null ? 0 : shift[c]);
            double v = Math.rint(corrected / scales[c]);
            q.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)));
        }
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(name + "i")
                .setDataType(Onnx.TensorProto.DataType.INT32_VALUE).addDims(values.length)
                .setRawData(ByteString.copyFrom(q.array())));
        graph.addInitializer(vectorFloat(name + "s", scales));
        graph.addNode(dequantizeOnAxis(name));
    }

    /** Weights and biases are symmetric: no zero point is stored (DequantizeLinear's default is 0 of x's type). */
    private static Onnx.NodeProto dequantizeOnAxis(String name) {
        return Onnx.NodeProto.newBuilder().setOpType("DequantizeLinear")
                .addInput(name + "i").addInput(name + "s").addOutput(name + "d")
                .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis")
                        .setType(Onnx.AttributeProto.AttributeType.INT).setI(0)).build();
    }

    static float[] floats(Onnx.TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer bytes = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(v);
            return v;
        }
        float[] v = new float[t.getFloatDataCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
        }
        return v;
    }

    private static Onnx.TensorProto scalarFloat(String name, float value) {
        return vectorFloat(name, new float[] {value}).toBuilder().clearDims().build();
    }

    private static Onnx.TensorProto vectorFloat(String name, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(bytes.array())).build();
    }
}

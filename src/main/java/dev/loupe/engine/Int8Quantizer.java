package dev.loupe.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Static int8 quantization of an ONNX graph's convolutions, in the QDQ form ONNX Runtime fuses into integer
 * kernels ({@code QLinearConv}): weights int8, symmetric, one scale per output channel; activations uint8 with a
 * range per tensor measured on calibration images (minimum and maximum over all of them, zero always
 * representable); biases int32 at the input scale times the weight scale. Each convolution's input and its
 * output (after a ReLU or clip that follows it alone) get a QuantizeLinear / DequantizeLinear pair, so ONNX Runtime
 * folds the clip into the quantized range and runs the convolution on integers. What is not a convolution (pooling,
 * the classifier's Gemm, softmax) stays in float: it is a sliver of the work. Rounding the weights shifts each
 * output channel's mean, so each bias takes back that shift as measured on the calibration images (bias
 * correction; on the sample's MobileNet 0.75 it halved the probabilities' mean change, 0.025 to 0.012).
 */
final class Int8Quantizer {

    /** What came out: the graph, and how it was made. */
    record Result(byte[] model, int convolutions, int calibrationImages, int tensors) {

        String description() {
            return String.format(Locale.ROOT, "QDQ int8: %d convolutions with int8 per-channel symmetric weights, "
                    + "uint8 activations over %d ranges from %d calibration images (min/max)", convolutions, tensors,
                    calibrationImages);
        }
    }

    /** Runs the float graph with extra outputs and returns those tensors for one batch of images. */
    interface Calibrator {
        /** {@code model} exposes {@code tensors}; the images are fed in batches; each batch's tensors are seen. */
        void run(byte[] model, Set<String> tensors, java.util.function.Consumer<Map<String, OnnxSession.Tensor>> seen);
    }

    private Int8Quantizer() {
    }

    static Result quantize(byte[] fp32, Calibrator calibrator, int calibrationImages) {
        Onnx.ModelProto proto;
        try {
            proto = Onnx.ModelProto.parseFrom(fp32);
        } catch (Exception e) {
            throw new EngineException("not an ONNX model: " + e.getMessage(), e);
        }
        for (Onnx.OperatorSetIdProto opset : proto.getOpsetImportList()) {
            if ((opset.getDomain().isEmpty() || opset.getDomain().equals("ai.onnx")) && opset.getVersion() < 13) {
                throw new EngineException("int8 export needs a graph of ONNX opset 13 or later (per-channel "
                        + "quantization); this one is opset " + opset.getVersion());
            }
        }
        Onnx.GraphProto graph = proto.getGraph();
        Map<String, Onnx.TensorProto> initializers = new HashMap<>();
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        Map<String, List<Onnx.NodeProto>> consumers = new HashMap<>();
        for (Onnx.NodeProto node : graph.getNodeList()) {
            for (String in : node.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
            }
        }
        // The convolutions whose weights are constant, and the activations around them.
        List<Onnx.NodeProto> convs = new ArrayList<>();
        Set<String> activations = new LinkedHashSet<>();
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (!node.getOpType().equals("Conv") || node.getInputCount() < 2) {
                continue;
            }
            Onnx.TensorProto w = initializers.get(node.getInput(1));
            Onnx.TensorProto b = node.getInputCount() > 2 && !node.getInput(2).isEmpty()
                    ? initializers.get(node.getInput(2)) : null;
            if (w == null || w.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE || w.getDimsCount() != 4
                    || (node.getInputCount() > 2 && !node.getInput(2).isEmpty() && b == null)) {
                continue;
            }
            convs.add(node);
        }
        for (Onnx.NodeProto node : convs) {
            activations.add(node.getInput(0));
            activations.add(after(node, consumers));
        }
        if (convs.isEmpty()) {
            throw new EngineException("the graph has no convolution with constant weights to quantize");
        }

        // Calibration: every activation's range over the images, and each convolution input's channel means
        // (for the bias correction below).
        Map<String, float[]> range = new HashMap<>();
        Map<String, Sample> samples = new HashMap<>();
        Map<String, double[]> channelSums = new HashMap<>();
        Map<String, long[]> channelCounts = new HashMap<>();
        Set<String> convInputs = new HashSet<>();
        convs.forEach(c -> convInputs.add(c.getInput(0)));
        if (!activations.isEmpty()) {
            calibrator.run(exposing(proto, activations), activations, batch -> batch.forEach((name, t) -> {
                float[] values = t.values();
                float[] r = range.computeIfAbsent(name, k -> new float[] {0f, 0f});
                for (float v : values) {
                    if (v < r[0]) {
                        r[0] = v;
                    }
                    if (v > r[1]) {
                        r[1] = v;
                    }
                }
                samples.computeIfAbsent(name, k -> new Sample()).add(values);
                long[] shape = t.shape();
                if (convInputs.contains(name) && shape.length == 4) {
                    int channels = (int) shape[1];
                    int plane = (int) (shape[2] * shape[3]);
                    double[] sums = channelSums.computeIfAbsent(name, k -> new double[channels]);
                    for (int n = 0; n < shape[0]; n++) {
                        for (int c = 0; c < channels; c++) {
                            double sum = 0;
                            for (int i = (n * channels + c) * plane, end = i + plane; i < end; i++) {
                                sum += values[i];
                            }
                            sums[c] += sum;
                        }
                    }
                    channelCounts.computeIfAbsent(name, k -> new long[1])[0] += shape[0] * (long) plane;
                }
            }));
        }

        Onnx.GraphProto.Builder out = graph.toBuilder().clearNode();
        Set<String> replacedWeights = new HashSet<>();
        Map<String, float[]> activationScale = new HashMap<>();
        // Short names for what is added ("~3s", "~w12d"): they recur in every node that reads them, and on a
        // 0.25-width MobileNet the file is a quarter weights, so names are a visible share.
        Map<String, String> id = new HashMap<>();
        for (String a : activations) {
            id.put(a, "~" + id.size());
        }
        for (String a : activations) {
            float[] r = range.getOrDefault(a, new float[] {0f, 1f});
            float lo = Math.min(0f, r[0]);
            float hi = Math.max(0f, r[1]);
            if (lo == 0f && samples.containsKey(a)) {
                hi = samples.get(a).bestMaximum(hi);
            }
            if (hi - lo < 1e-8f) {
                hi = lo + 1e-8f;
            }
            float scale = (hi - lo) / 255f;
            int zero = Math.max(0, Math.min(255, Math.round(-lo / scale)));
            activationScale.put(a, new float[] {scale, zero});
            out.addInitializer(scalarFloat(id.get(a) + "s", scale));
            out.addInitializer(Onnx.TensorProto.newBuilder().setName(id.get(a) + "z")
                    .setDataType(Onnx.TensorProto.DataType.UINT8_VALUE)
                    .setRawData(ByteString.copyFrom(new byte[] {(byte) zero})).build());
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
        Set<Onnx.NodeProto> quantized = new HashSet<>(convs);
        // A ReLU or clip between a quantized convolution and its QuantizeLinear changes nothing the quantized
        // range does not already do (Q(clip(x, a, b)) = Q(x) when the range lies within [a, b]): it goes, as
        // ONNX Runtime would drop it at load, and the file loses its bounds.
        Set<String> graphOutputs = new HashSet<>();
        graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
        Set<Onnx.NodeProto> redundant = new HashSet<>();
        for (Onnx.NodeProto conv : convs) {
            String y = conv.getOutput(0);
            List<Onnx.NodeProto> next = consumers.getOrDefault(y, List.of());
            if (next.size() != 1 || graphOutputs.contains(y)) {
                continue;
            }
            Onnx.NodeProto act = next.get(0);
            String post = act.getOutput(0);
            if (!activations.contains(post) || graphOutputs.contains(post)) {
                continue;
            }
            float lo = activationScale.get(post)[0] * -activationScale.get(post)[1];
            float hi = activationScale.get(post)[0] * (255 - activationScale.get(post)[1]);
            if (act.getOpType().equals("Relu") && lo >= 0f) {
                redundant.add(act);
            } else if (act.getOpType().equals("Clip")) {
                float min = bound(act, 1, initializers, Float.NEGATIVE_INFINITY);
                float max = bound(act, 2, initializers, Float.POSITIVE_INFINITY);
                if (min <= lo + 1e-6f && max >= hi - 1e-6f) {
                    redundant.add(act);
                }
            }
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
            if (quantized.contains(node)) {
                float inputScale = activationScale.get(node.getInput(0))[0];
                Onnx.TensorProto w = initializers.get(node.getInput(1));
                int index = convs.indexOf(node);
                float[][] weightScalesAndError = addWeight(out, w, "~w" + index,
                        inputMeans(node, channelSums, channelCounts));
                float[] weightScales = weightScalesAndError[0];
                copy.setInput(1, "~w" + index + "d");
                replacedWeights.add(w.getName());
                if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
                    Onnx.TensorProto b = initializers.get(node.getInput(2));
                    addBias(out, b, "~b" + index, inputScale, weightScales, weightScalesAndError[1]);
                    copy.setInput(2, "~b" + index + "d");
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
        byte[] model = proto.toBuilder().setGraph(out).build().toByteArray();
        return new Result(model, convs.size(), calibrationImages, activations.size());
    }

    /**
     * A spread-out sample of a tensor's values over the calibration images, to choose its range by: a non-negative
     * activation (after a ReLU) is mostly small with a few large values, and the range that keeps the mean squared
     * rounding and clipping error least is often well below the maximum.
     */
    static final class Sample {
        private static final int SIZE = 65536;
        private final float[] values = new float[SIZE];
        private int count;
        private long seen;

        void add(float[] batch) {
            int stride = Math.max(1, batch.length / 4096);
            for (int i = (int) (seen % stride); i < batch.length; i += stride) {
                values[count < SIZE ? count++ : (int) ((seen * 2654435761L + i) % SIZE & 0x7fffffff) % SIZE] = batch[i];
            }
            seen++;
        }

        /** Of 1/20, 2/20, ... of {@code max}, the upper end of [0, end] whose 8-bit grid fits the sample best. */
        float bestMaximum(float max) {
            double bestError = Double.MAX_VALUE;
            float best = max;
            for (int k = 20; k >= 2; k--) {
                float end = max * k / 20f;
                float step = end / 255f;
                double error = 0;
                for (int i = 0; i < count; i++) {
                    float v = values[i];
                    float q = v >= end ? end : Math.round(v / step) * step;
                    error += (v - q) * (double) (v - q);
                }
                if (error < bestError) {
                    bestError = error;
                    best = end;
                }
            }
            return best;
        }
    }

    /** A clip's bound (input {@code index}: 1 min, 2 max) when it is a constant, else {@code otherwise}. */
    private static float bound(Onnx.NodeProto clip, int index, Map<String, Onnx.TensorProto> initializers,
                               float otherwise) {
        if (clip.getInputCount() <= index || clip.getInput(index).isEmpty()) {
            return otherwise;
        }
        Onnx.TensorProto t = initializers.get(clip.getInput(index));
        if (t == null || t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
            return Float.NaN; // not known: NaN fails both comparisons, so the clip stays
        }
        float[] v = floats(t);
        return v.length == 1 ? v[0] : Float.NaN;
    }

    /** The tensor after {@code conv}'s activation when a ReLU or clip is its one consumer, else its own output. */
    private static String after(Onnx.NodeProto conv, Map<String, List<Onnx.NodeProto>> consumers) {
        String y = conv.getOutput(0);
        List<Onnx.NodeProto> next = consumers.getOrDefault(y, List.of());
        if (next.size() == 1 && (next.get(0).getOpType().equals("Relu") || next.get(0).getOpType().equals("Clip"))) {
            return next.get(0).getOutput(0);
        }
        return y;
    }

    /** The model with {@code tensors} as its outputs (for calibration). */
    private static byte[] exposing(Onnx.ModelProto proto, Set<String> tensors) {
        Onnx.GraphProto.Builder graph = proto.getGraph().toBuilder().clearOutput();
        for (String t : tensors) {
            graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(t).setType(Onnx.TypeProto.newBuilder()
                    .setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                            .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE))));
        }
        return proto.toBuilder().setGraph(graph).build().toByteArray();
    }

    /** {@code tensor} through QuantizeLinear and DequantizeLinear; the new names start with {@code id}. */
    private static void addQdq(Onnx.GraphProto.Builder graph, String tensor, String id) {
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("QuantizeLinear")
                .addInput(tensor).addInput(id + "s").addInput(id + "z").addOutput(id + "q"));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("DequantizeLinear")
                .addInput(id + "q").addInput(id + "s").addInput(id + "z").addOutput(id + "d"));
    }

    /** The mean of each input channel of {@code conv} over the calibration images, or null if unmeasured. */
    private static float[] inputMeans(Onnx.NodeProto conv, Map<String, double[]> sums, Map<String, long[]> counts) {
        double[] s = sums.get(conv.getInput(0));
        if (s == null) {
            return null;
        }
        float[] means = new float[s.length];
        for (int c = 0; c < s.length; c++) {
            means[c] = (float) (s[c] / counts.get(conv.getInput(0))[0]);
        }
        return means;
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

    /** int32 biases at input scale times weight scale (what an integer convolution accumulates in). */
    private static void addBias(Onnx.GraphProto.Builder graph, Onnx.TensorProto b, String name, float inputScale,
                                float[] weightScales, float[] weightError) {
        float[] values = floats(b);
        float[] scales = new float[values.length];
        ByteBuffer q = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int c = 0; c < values.length; c++) {
            scales[c] = inputScale * weightScales[c];
            double v = Math.rint((values[c] - weightError[c]) / (double) scales[c]);
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

package dev.loupe.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;

/**
 * Static int8 quantization of an ONNX graph's convolutions, in the QDQ form ONNX Runtime fuses into integer
 * kernels ({@code QLinearConv}): weights int8, symmetric, one scale per output channel; activations uint8 with a
 * range per tensor measured on calibration images (minimum and maximum over all of them, zero always
 * representable); biases int32 at the input scale times the weight scale. Each convolution's input and its
 * output (after a ReLU or clip that follows it alone) get a QuantizeLinear / DequantizeLinear pair, so ONNX Runtime
 * folds the clip into the quantized range and runs the convolution on integers. What is not a convolution (pooling,
 * the classifier's Gemm, softmax) stays in float: it is a sliver of the work. Rounding shifts each output
 * channel's mean, so each bias takes back that shift: first the weights' share, computed from the input's channel
 * means (on the sample's MobileNet 0.75 it halved the probabilities' mean change, 0.025 to 0.012), then, one
 * convolution at a time, what the int8 graph still shows against the float one on calibration images (measured on
 * the sample's MobileNet 0.25_224: 698 of 700 images keep their class instead of 692, mean change 0.018 to 0.017;
 * 0.75_224: 0.0112 to 0.0095; 0.25_128 on the real photos: 368 of 368 instead of 367).
 */
final class Int8Quantizer {

    /** What came out: the graph, and how it was made. */
    record Result(byte[] model, int convolutions, int floatConvolutions, int calibrationImages, int tensors) {

        String description() {
            return String.format(Locale.ROOT, "QDQ int8: %d convolutions with int8 per-channel symmetric weights, "
                    + "uint8 activations over %d ranges from %d calibration images (min/max), biases corrected on "
                    + "%d%s", convolutions, tensors, calibrationImages, Math.min(calibrationImages, BIAS_IMAGES),
                    floatConvolutions == 0 ? "" : "; " + floatConvolutions + " spatial one(s) with fewer than "
                            + MIN_INPUT_CHANNELS + " input channels kept in float");
        }
    }

    /** Runs the float graph with extra outputs and returns those tensors for one batch of images. */
    interface Calibrator {
        /**
         * {@code model} exposes {@code tensors}; the first {@code images} calibration images (at most) are fed in
         * batches; each batch's tensors are seen.
         */
        void run(byte[] model, Set<String> tensors, int images,
                 java.util.function.Consumer<Map<String, OnnxSession.Tensor>> seen);
    }

    /**
     * Images each convolution's mean shift is measured on (one run of the graph per convolution): on the sample's
     * MobileNet 0.25_224, 64 images corrected as well as 200 (698 and 697 of 700 images keep their class; a
     * channel's mean is taken over every position of every image), and MobileNet 1.0_224's quantization takes 18 s
     * instead of 32 (6 s without this correction).
     */
    static final int BIAS_IMAGES = 64;

    /**
     * A convolution with a spatial kernel (not 1x1) and fewer input channels than this stays in float: ONNX
     * Runtime's integer kernels for them work on 16 or more channels at a time, and measured on MobileNet 0.25_128
     * (batch 32, 2 cores) its first convolution (3 channels in) and first depthwise one (8 channels) took 45% of
     * the int8 graph's time, 1.6x their float time. A pointwise convolution of 8 channels is faster in int8.
     */
    static final int MIN_INPUT_CHANNELS = 16;

    /** The convolution's group count (1 unless it says otherwise). */
    private static long group(Onnx.NodeProto conv) {
        for (Onnx.AttributeProto a : conv.getAttributeList()) {
            if (a.getName().equals("group")) {
                return a.getI();
            }
        }
        return 1;
    }

    private Int8Quantizer() {
    }

    static Result quantize(byte[] fp32, Calibrator calibrator, int calibrationImages) {
        return quantize(fp32, calibrator, calibrationImages, dev.loupe.work.ProgressListener.NONE,
                dev.loupe.work.CancellationToken.none());
    }

    /**
     * The same, saying how far it is ({@code progress}, in images through the graph: the calibration's, then each
     * convolution's bias correction's) and stopping with {@link dev.loupe.work.CancelledException} between steps
     * when {@code cancel} asks.
     */
    static Result quantize(byte[] fp32, Calibrator calibrator, int calibrationImages,
                           dev.loupe.work.ProgressListener progress, dev.loupe.work.CancellationToken cancel) {
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
        int floatConvs = 0;
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
            if (w.getDims(2) * w.getDims(3) > 1 && w.getDims(1) * group(node) < MIN_INPUT_CHANNELS) {
                floatConvs++;
                continue;
            }
            convs.add(node);
        }
        for (Onnx.NodeProto node : convs) {
            activations.add(node.getInput(0));
            activations.add(after(node, consumers));
        }
        if (convs.isEmpty()) {
            throw new EngineException(floatConvs == 0 ? "the graph has no convolution with constant weights to quantize"
                    : "the graph's convolutions all have fewer than " + MIN_INPUT_CHANNELS + " input channels: int8 "
                    + "would make them slower, not faster");
        }

        // Calibration: every activation's range over the images, and the channel means of each convolution's input
        // and output (for the bias corrections below).
        Map<String, float[]> range = new HashMap<>();
        Map<String, Sample> samples = new HashMap<>();
        Map<String, double[]> channelSums = new HashMap<>();
        Map<String, long[]> channelCounts = new HashMap<>();
        Set<String> averaged = new HashSet<>();
        convs.forEach(c -> {
            averaged.add(c.getInput(0));
            averaged.add(c.getOutput(0));
        });
        Set<String> measured = new LinkedHashSet<>(activations);
        measured.addAll(averaged);
        Set<String> outputs = new HashSet<>();
        convs.forEach(c -> outputs.add(c.getOutput(0)));
        long[] imagesSeen = new long[1];
        // Progress counts images through the graph: the calibration's, then the bias correction's per convolution.
        int perConv = Math.min(calibrationImages, BIAS_IMAGES);
        long steps = calibrationImages + (long) convs.size() * perConv;
        String measuring = "Measuring activation ranges on " + calibrationImages + " images";
        progress.progress(0, steps, measuring);
        calibrator.run(exposing(proto, measured), measured, Integer.MAX_VALUE, batch -> {
            cancel.throwIfCancelled();
            // The outputs' means are the bias correction's targets: taken over the images it measures on.
            int images = (int) batch.values().iterator().next().shape()[0];
            int forBias = (int) Math.max(0, Math.min(images, BIAS_IMAGES - imagesSeen[0]));
            imagesSeen[0] += images;
            progress.progress(Math.min(imagesSeen[0], calibrationImages), steps, measuring);
            batch.forEach((name, t) -> {
                if (activations.contains(name)) {
                    float[] r = range.computeIfAbsent(name, k -> new float[] {0f, 0f});
                    for (float v : t.values()) {
                        if (v < r[0]) {
                            r[0] = v;
                        }
                        if (v > r[1]) {
                            r[1] = v;
                        }
                    }
                    samples.computeIfAbsent(name, k -> new Sample()).add(t.values());
                }
                int counted = outputs.contains(name) ? forBias : images;
                if (averaged.contains(name) && t.shape().length == 4 && counted > 0) {
                    addChannelSums(t, counted, channelSums.computeIfAbsent(name, k -> new double[(int) t.shape()[1]]),
                            channelCounts.computeIfAbsent(name, k -> new long[1]));
                }
            });
        });

        Map<String, float[]> activationScale = new HashMap<>();
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
        }
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
        List<float[]> inputMeans = new ArrayList<>();
        for (Onnx.NodeProto conv : convs) {
            inputMeans.add(means(channelSums.get(conv.getInput(0)), channelCounts.get(conv.getInput(0))));
        }
        QdqGraph qdq = new QdqGraph(proto, initializers, convs, activations, id, activationScale, redundant,
                inputMeans);
        float[][] shifts = correctBiases(qdq, convs, channelSums, channelCounts, calibrator, (done, total, message) -> {
            cancel.throwIfCancelled();
            progress.progress(calibrationImages + done * perConv, steps, message);
        });
        return new Result(qdq.build(shifts, null), convs.size(), floatConvs, calibrationImages, activations.size());
    }

    /**
     * Empirical bias correction, one convolution at a time in graph order: with the ones before it already
     * corrected, how far each output channel's mean (before its activation) lies from the float graph's over the
     * calibration images, which its bias then takes back. Rounding the weights, clipping and rounding the
     * activations all shift the means, and a shift carried through the network does not average out.
     */
    private static float[][] correctBiases(QdqGraph qdq, List<Onnx.NodeProto> convs, Map<String, double[]> sums,
                                           Map<String, long[]> counts, Calibrator calibrator,
                                           dev.loupe.work.ProgressListener progress) {
        float[][] shifts = new float[convs.size()][];
        for (int c = 0; c < convs.size(); c++) {
            progress.progress(c, convs.size(), "Correcting biases: convolution " + (c + 1) + " of " + convs.size());
            Onnx.NodeProto conv = convs.get(c);
            String y = conv.getOutput(0);
            float[] target = means(sums.get(y), counts.get(y));
            if (target == null || conv.getInputCount() < 3 || conv.getInput(2).isEmpty()) {
                continue;
            }
            double[] qSums = new double[target.length];
            long[] qCounts = new long[1];
            calibrator.run(qdq.build(shifts, y), Set.of(y), BIAS_IMAGES,
                    batch -> addChannelSums(batch.get(y), Integer.MAX_VALUE, qSums, qCounts));
            float[] measured = means(qSums, qCounts);
            if (measured == null || measured.length != target.length) {
                continue;
            }
            float[] shift = new float[target.length];
            for (int ch = 0; ch < shift.length; ch++) {
                shift[ch] = measured[ch] - target[ch];
            }
            shifts[c] = shift;
        }
        progress.progress(convs.size(), convs.size(), "Biases corrected");
        return shifts;
    }

    /**
     * Adds the per-channel sums of an NCHW tensor's first {@code images} images into {@code sums}, and how many
     * values each channel added into {@code count}.
     */
    private static void addChannelSums(OnnxSession.Tensor t, int images, double[] sums, long[] count) {
        if (t == null || t.shape().length != 4 || t.shape()[1] != sums.length) {
            return;
        }
        long[] shape = t.shape();
        float[] values = t.values();
        int channels = (int) shape[1];
        int plane = (int) (shape[2] * shape[3]);
        int used = (int) Math.min(images, shape[0]);
        for (int n = 0; n < used; n++) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int i = (n * channels + c) * plane, end = i + plane; i < end; i++) {
                    sum += values[i];
                }
                sums[c] += sum;
            }
        }
        count[0] += used * (long) plane;
    }

    /** Per-channel means from sums and the count per channel, or null if nothing was measured. */
    private static float[] means(double[] sums, long[] count) {
        if (sums == null || count == null || count[0] == 0) {
            return null;
        }
        float[] means = new float[sums.length];
        for (int c = 0; c < sums.length; c++) {
            means[c] = (float) (sums[c] / count[0]);
        }
        return means;
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
        float[] v = QdqGraph.floats(t);
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
}

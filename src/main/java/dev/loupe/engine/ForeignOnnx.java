package dev.loupe.engine;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import onnx.Onnx;

/**
 * A model of the user's own as the judge ({@code --backbone onnx:PATH}): any ONNX image encoder or classifier,
 * exported from PyTorch, TensorFlow or Loupe. Loupe reads the graph's image input (NCHW or NHWC, dynamic batch or
 * fixed batch 1, its side when fixed) and picks the feature output: an output named like an embedding, else,
 * when the graph ends in a classifier (Gemm or MatMul, then Softmax if any), the vector that classifier reads, else
 * the single output. The preprocessing comes from {@code --preprocess}, else the sidecar {@code NAME.json}, else
 * the torchvision preset (and says so). Unlike most extractors, it may run batches from several threads at once
 * (a cluster executor's tasks share one).
 */
public final class ForeignOnnx implements FeatureExtractor {

    private final BackboneSpec spec;
    private final OnnxSession session;
    private final String input;
    private final String output;
    private final boolean nchw;
    private final boolean batchOfOne;
    private final Preprocessing preprocessing;
    private final String fingerprint;
    private final int dimension;
    private final String description;
    /** The model as given (before an inner tensor was made its output), for {@link PortableJudge}. */
    private final byte[] model;
    /** Whether its weights live in files beside it. */
    private final boolean externalData;

    private ForeignOnnx(BackboneSpec spec, OnnxSession session, String input, String output, boolean nchw,
                        boolean batchOfOne, Preprocessing preprocessing, String fingerprint, String description,
                        byte[] model, boolean externalData) {
        this.model = model;
        this.externalData = externalData;
        this.spec = spec;
        this.session = session;
        this.input = input;
        this.output = output;
        this.nchw = nchw;
        this.batchOfOne = batchOfOne;
        this.preprocessing = preprocessing;
        this.fingerprint = fingerprint;
        this.description = description;
        // One blank image: the features' length, and an early, clear error for an output that is not a vector.
        this.dimension = forward(new float[3 * preprocessing.loadSize() * preprocessing.loadSize()], 1)[0].length;
    }

    /** What {@code onnx:} names: the file and the choices given with it. */
    public record Source(Path model, String preprocess, String output) {

        /** {@code PATH[;preprocess=...][;output=...]}. */
        public static Source parse(String source) {
            String[] parts = source.split(";");
            String preprocess = null;
            String output = null;
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i].trim();
                if (part.startsWith("preprocess=")) {
                    preprocess = part.substring("preprocess=".length());
                } else if (part.startsWith("output=")) {
                    output = part.substring("output=".length());
                } else if (!part.isEmpty()) {
                    throw new IllegalArgumentException("onnx:PATH takes ;preprocess=... and ;output=...; got " + part);
                }
            }
            return new Source(Path.of(parts[0].trim()), preprocess, output);
        }

        /** Back to the {@code onnx:} source text. */
        public String text() {
            return model + (preprocess == null ? "" : ";preprocess=" + preprocess)
                    + (output == null ? "" : ";output=" + output);
        }
    }

    /**
     * Opens the model {@code spec} names.
     *
     * @param notice told, in one sentence each, what Loupe chose where the user said nothing
     * @throws EngineException when the file cannot be read or is not an image model Loupe can use
     */
    public static ForeignOnnx open(BackboneSpec spec, Consumer<String> notice) {
        Source source = Source.parse(spec.source());
        Path model = source.model();
        if (!Files.isRegularFile(model)) {
            throw new EngineException("No ONNX model at " + model.toAbsolutePath() + " (onnx:PATH names a .onnx file)");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException | OutOfMemoryError e) {
            throw new EngineException("Cannot read " + model + ": " + e.getMessage(), e);
        }
        Preprocessing.Sidecar sidecar = null;
        Path sidecarFile = Preprocessing.sidecarOf(model);
        if (Files.isRegularFile(sidecarFile)) {
            sidecar = Preprocessing.readSidecar(sidecarFile);
        }
        Preprocessing preprocessing;
        if (source.preprocess() != null) {
            preprocessing = Preprocessing.parse(source.preprocess());
        } else if (sidecar != null) {
            preprocessing = sidecar.preprocessing();
        } else {
            preprocessing = Preprocessing.preset("torchvision");
            notice.accept(model.getFileName() + ": the torchvision preset prepares its pixels (no --preprocess "
                    + "given, no " + sidecarFile.getFileName() + " beside it)");
        }
        String wanted = source.output() != null ? source.output() : sidecar == null ? null : sidecar.output();
        Path folder = model.toAbsolutePath().getParent();
        return build(spec, bytes, model.getFileName().toString(), preprocessing, wanted, null,
                Runtime.getRuntime().availableProcessors(), notice, folder);
    }

    /** Opens model bytes that hold all their weights (a {@link PortableJudge} on another machine). */
    static ForeignOnnx build(BackboneSpec spec, byte[] bytes, String name, Preprocessing preprocessing, String wanted,
                             String fingerprint, int threads, Consumer<String> notice) {
        return build(spec, bytes, name, preprocessing, wanted, fingerprint, threads, notice, null);
    }

    /**
     * Opens an ONNX image model given as bytes: the one place that inspects the graph, picks the features' tensor
     * and sizes the input, for a file on this machine and for a {@link PortableJudge} on another.
     *
     * @param name        how messages name the model (its file name)
     * @param wanted      the tensor to take features from, or null to choose
     * @param fingerprint what the features mean, or null to derive it from the bytes and the choices
     * @param threads     ONNX Runtime's threads inside an operator
     */
    static ForeignOnnx build(BackboneSpec spec, byte[] bytes, String name, Preprocessing preprocessing, String wanted,
                             String fingerprint, int threads, Consumer<String> notice, Path folder) {
        Path model = Path.of(name);
        Onnx.ModelProto proto;
        try {
            proto = Onnx.ModelProto.parseFrom(bytes);
        } catch (Exception e) {
            throw new EngineException(name + " is not an ONNX model: " + e.getMessage(), e);
        }
        List<String> external = ForeignGraph.externalFiles(proto);
        StringBuilder weights = new StringBuilder();
        for (String file : external) {
            Path data = folder == null ? null : folder.resolve(file).normalize();
            if (data == null || !Files.isRegularFile(data)) {
                throw new EngineException(name + " keeps its weights in " + file + (folder == null
                        ? ", which did not travel with it: save the model with its weights inside (onnx.save(model, "
                        + "path, save_as_external_data=False)) to run it elsewhere"
                        : " beside it, which is not there (" + data + "): copy the model's data files with it"));
            }
            weights.append(";data=").append(file).append(":sha256:").append(WeightsStore.sha256(data));
        }
        ForeignGraph.Choice choice = ForeignGraph.chooseOutput(proto, wanted);
        byte[] graph = choice.exposed() ? ForeignGraph.expose(proto, choice.tensor()) : bytes;
        OnnxSession session;
        try {
            session = external.isEmpty() ? new OnnxSession(graph, threads, true)
                    : ForeignGraph.openWithExternalData(graph, choice.exposed(), folder.resolve(name), external, threads);
        } catch (EngineException e) {
            throw new EngineException(name + ": " + e.getMessage(), e);
        }
        try {
            Map.Entry<String, NodeInfo> image = imageInput(session, model);
            long[] shape = ((TensorInfo) image.getValue().getInfo()).getShape();
            boolean nchw = shape[1] == 3 || (shape[3] != 3);
            long side = nchw ? shape[2] : shape[1];
            long other = nchw ? shape[3] : shape[2];
            if (side > 0 && other > 0 && side != other) {
                throw new EngineException(name + " takes " + side + "x" + other + " images; Loupe feeds square ones");
            }
            if (side > 0 && preprocessing.size() > 0 && preprocessing.size() != side) {
                throw new EngineException(name + " takes " + side + "x" + side + " images, but the "
                        + "preprocessing says size=" + preprocessing.size());
            }
            if (side <= 0 && preprocessing.size() == 0) {
                notice.accept(name + ": the graph takes any input size; 224 is used (size=N in "
                        + "--preprocess to choose)");
            }
            preprocessing = preprocessing.withSize(side > 0 ? (int) side : preprocessing.size() > 0
                    ? preprocessing.size() : 224);
            String meaning = fingerprint != null ? fingerprint : "onnx;sha256:" + WeightsStore.sha256(bytes) + weights
                    + ";output=" + choice.tensor() + ";pre=" + preprocessing.describe();
            String description = String.format(Locale.ROOT, "%s: input %s %s%s, features from %s (%s), "
                            + "preprocessing %s", name, image.getKey(), nchw ? "NCHW" : "NHWC",
                    shape[0] == 1 ? " (batch of 1)" : "", choice.tensor(), choice.why(), preprocessing);
            return new ForeignOnnx(spec, session, image.getKey(), choice.tensor(), nchw, shape[0] == 1, preprocessing,
                    meaning, description, bytes, !external.isEmpty());
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** The float input of rank 4 with three channels first or last; anything else is refused by name. */
    private static Map.Entry<String, NodeInfo> imageInput(OnnxSession session, Path model) {
        Map<String, NodeInfo> inputs = session.inputs();
        List<String> seen = new ArrayList<>();
        Map.Entry<String, NodeInfo> found = null;
        for (Map.Entry<String, NodeInfo> e : inputs.entrySet()) {
            seen.add(e.getKey() + " " + describe(e.getValue()));
            if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 4
                    && (t.getShape()[1] == 3 || t.getShape()[3] == 3 || (t.getShape()[1] < 0 && t.getShape()[3] < 0))) {
                if (t.type != OnnxJavaType.FLOAT) {
                    throw new EngineException(model.getFileName() + ": the image input " + e.getKey() + " takes "
                            + t.type + "; Loupe feeds float pixels (export the model with a float input)");
                }
                if (found != null) {
                    throw new EngineException(model.getFileName() + " has two image inputs (" + String.join(", ", seen)
                            + "); Loupe feeds one");
                }
                found = e;
            }
        }
        if (found == null || inputs.size() > 1) {
            throw new EngineException(model.getFileName() + " needs one image input of shape [batch, 3, H, W] or "
                    + "[batch, H, W, 3]; its inputs: " + String.join(", ", seen));
        }
        return found;
    }

    private static String describe(NodeInfo info) {
        if (info.getInfo() instanceof TensorInfo t) {
            return t.type.toString().toLowerCase(Locale.ROOT) + Arrays.toString(t.getShape()).replace("-1", "?");
        }
        return info.getInfo().toString();
    }

    /**
     * This model with {@code head} on its features, as one ONNX classifier graph (output
     * {@link OnnxClassifier#PROBABILITIES}).
     */
    public byte[] classifierWith(dev.loupe.heads.SoftmaxHead head) {
        Path model = Source.parse(spec.source()).model();
        try {
            return OnnxClassifier.withHead(Files.readAllBytes(model), output, head);
        } catch (IOException e) {
            throw new EngineException("Cannot read " + model + " again: " + e.getMessage(), e);
        }
    }

    /**
     * This model's file with its convolutions quantized to int8 ({@link Int8Quantizer}), the activation ranges
     * measured on {@code images} (NHWC RGB 0..255 at {@link #resolution()}, prepared as this model's are).
     */
    Int8Quantizer.Result quantizedInt8(List<float[]> images) {
        return quantizedInt8(images, dev.loupe.work.ProgressListener.NONE, dev.loupe.work.CancellationToken.none());
    }

    /** The same, saying how far it is and stopping between steps when {@code cancel} asks. */
    Int8Quantizer.Result quantizedInt8(List<float[]> images, dev.loupe.work.ProgressListener progress,
                                       dev.loupe.work.CancellationToken cancel) {
        if (images.isEmpty()) {
            throw new EngineException("int8 quantization needs calibration images; there are none");
        }
        Path model = Source.parse(spec.source()).model();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model);
        } catch (IOException e) {
            throw new EngineException("Cannot read " + model + " again: " + e.getMessage(), e);
        }
        int size = preprocessing.size();
        int load = preprocessing.loadSize();
        int batch = batchOfOne ? 1 : 8;
        return Int8Quantizer.quantize(bytes, (exposed, tensors, limit, seen) -> {
            try (OnnxSession calibration = new OnnxSession(exposed, Runtime.getRuntime().availableProcessors(), false)) {
                int fed = Math.min(limit, images.size());
                for (int from = 0; from < fed; from += batch) {
                    int count = Math.min(batch, fed - from);
                    float[] rgb = new float[count * load * load * 3];
                    for (int i = 0; i < count; i++) {
                        System.arraycopy(images.get(from + i), 0, rgb, i * load * load * 3, load * load * 3);
                    }
                    long[] shape = nchw ? new long[] {count, 3, size, size} : new long[] {count, size, size, 3};
                    Map<String, OnnxSession.Tensor> out = calibration.run(input, shape,
                            buffer -> preprocessing.write(rgb, count, nchw, buffer), tensors);
                    seen.accept(out);
                }
            }
        }, images.size(), progress, cancel);
    }

    /**
     * ONNX Runtime alone on this graph: random input already in the network's layout and scale (no decoding, no
     * preparation), {@code batch} images a run (one at a time for a graph of batch 1), after three warm-up runs.
     */
    double forwardImagesPerSecond(int batch, double seconds) {
        int n = batchOfOne ? 1 : batch;
        int size = preprocessing.size();
        long[] shape = nchw ? new long[] {n, 3, size, size} : new long[] {n, size, size, 3};
        float[] input = new float[n * 3 * size * size];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextFloat() * 2 - 1;
        }
        for (int i = 0; i < 3; i++) {
            session.run(this.input, shape, buffer -> buffer.put(0, input), output);
        }
        long start = System.nanoTime();
        int images = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            session.run(this.input, shape, buffer -> buffer.put(0, input), output);
            images += n;
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }

    /** What Loupe read from the graph and chose, for the user. */
    public String description() {
        return description;
    }

    /** The model's bytes as read and the tensor its features come from: what another machine needs to open it. */
    byte[] modelBytes() {
        return model;
    }

    String featureTensor() {
        return output;
    }

    boolean hasExternalData() {
        return externalData;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    @Override
    public BackboneSpec spec() {
        return spec;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Images come in at the load size; the centre {@link Preprocessing#size()} square is cut from them. */
    @Override
    public int resolution() {
        return preprocessing.loadSize();
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean pretrained() {
        return true;
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        float[][] features = forward(rgb, count);
        for (float[] row : features) {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    throw new EngineException(spec.name() + " produced invalid activations (" + v + ")");
                }
            }
        }
        return features;
    }

    private float[][] forward(float[] rgb, int count) {
        if (batchOfOne && count > 1) {
            int length = rgb.length / count;
            float[][] rows = new float[count][];
            for (int i = 0; i < count; i++) {
                rows[i] = forward(Arrays.copyOfRange(rgb, i * length, (i + 1) * length), 1)[0];
            }
            return rows;
        }
        int size = preprocessing.size();
        long[] shape = nchw ? new long[] {count, 3, size, size} : new long[] {count, size, size, 3};
        OnnxSession.Tensor out = session.run(input, shape, buffer -> preprocessing.write(rgb, count, nchw, buffer),
                output);
        long[] s = out.shape();
        boolean vector = s.length == 2 || (s.length == 4 && s[2] == 1 && s[3] == 1)
                || (s.length == 3 && s[2] == 1);
        if (!vector || s[0] != count) {
            throw new EngineException("The model's output " + output + " has shape " + Arrays.toString(s)
                    + ", not one feature vector per image ([batch, D]); its outputs: " + String.join(", ",
                    session.outputs().entrySet().stream().map(e -> e.getKey() + " " + describe(e.getValue())).toList())
                    + ". Name another with --onnx-output NAME");
        }
        int d = (int) s[1];
        float[][] rows = new float[count][d];
        for (int i = 0; i < count; i++) {
            System.arraycopy(out.values(), i * d, rows[i], 0, d);
        }
        return rows;
    }

    @Override
    public void close() {
        session.close();
    }
}

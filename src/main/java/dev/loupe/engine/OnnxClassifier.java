package dev.loupe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.heads.SoftmaxHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import onnx.Onnx;

/**
 * A standalone ONNX classifier bundle: {@code model.onnx} (backbone, trained head and softmax in one graph),
 * {@code labels.txt}, and {@code model.json} (the preprocessing, the probabilities' tensor, the classes, metrics,
 * provenance and checksums). Runs anywhere ONNX Runtime does (phones: ONNX Runtime Mobile); Loupe loads it for
 * {@code loupe classify --model} and writes it for rounds judged by a model of the user's own and for
 * {@code loupe export-model --format onnx}.
 */
public final class OnnxClassifier implements Classifier {

    public static final String GRAPH_FILE = "model.onnx";
    public static final String LABELS_FILE = "labels.txt";
    public static final String INFO_FILE = "model.json";
    /** The output Loupe gives the class probabilities in the graphs it appends a head to. */
    public static final String PROBABILITIES = "probabilities";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ForeignOnnx net;
    private final List<String> classes;
    private final String architecture;
    private final JsonNode info;

    private OnnxClassifier(ForeignOnnx net, List<String> classes, String architecture, JsonNode info) {
        this.net = net;
        this.classes = classes;
        this.architecture = architecture;
        this.info = info;
    }

    /**
     * The graph {@code features} reads, with {@code head} on its feature tensor: Flatten, Gemm (the head's
     * standardisation folded into its weights), Softmax, as the one output {@link #PROBABILITIES}.
     */
    static byte[] withHead(byte[] model, String featureTensor, SoftmaxHead head) {
        Onnx.ModelProto proto;
        try {
            proto = Onnx.ModelProto.parseFrom(model);
        } catch (Exception e) {
            throw new EngineException("not an ONNX model: " + e.getMessage(), e);
        }
        int d = head.dimension();
        int k = head.classes().size();
        float[][] dense = head.denseLayer();
        float[] w = dense[0];
        float[] b = dense[1];
        Onnx.GraphProto.Builder graph = proto.getGraph().toBuilder().clearOutput();
        graph.addInitializer(floats("loupe_head_W", w, d, k));
        graph.addInitializer(floats("loupe_head_b", b, k));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Flatten").setName("loupe_flatten").addInput(featureTensor)
                .addOutput("loupe_features").addAttribute(Onnx.AttributeProto.newBuilder().setName("axis")
                        .setType(Onnx.AttributeProto.AttributeType.INT).setI(1)));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Gemm").setName("loupe_head").addInput("loupe_features")
                .addInput("loupe_head_W").addInput("loupe_head_b").addOutput("loupe_logits"));
        graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Softmax").setName("loupe_softmax")
                .addInput("loupe_logits").addOutput(PROBABILITIES).addAttribute(Onnx.AttributeProto.newBuilder()
                        .setName("axis").setType(Onnx.AttributeProto.AttributeType.INT).setI(1)));
        graph.addOutput(Onnx.ValueInfoProto.newBuilder().setName(PROBABILITIES).setType(Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(Onnx.TensorShapeProto.newBuilder()
                                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(k))))));
        return proto.toBuilder().setGraph(graph).build().toByteArray();
    }

    private static Onnx.TensorProto floats(String name, float[] values, long... dims) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(values.length * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(bytes.array()));
        for (long dim : dims) {
            t.addDims(dim);
        }
        return t.build();
    }

    /**
     * Writes a bundle into {@code dir} (created if needed): the graph, whose output {@code output} holds the class
     * probabilities, with what it needs to run elsewhere.
     */
    public static void write(Path dir, byte[] graph, String output, Preprocessing preprocessing, List<String> classes,
                             String architecture, Map<String, Object> metrics, Map<String, Object> provenance) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(GRAPH_FILE), graph);
            Files.writeString(dir.resolve(LABELS_FILE), String.join("\n", classes) + "\n", StandardCharsets.UTF_8);
            ObjectNode info = JSON.createObjectNode();
            info.put("format", "loupe-onnx-classifier/1");
            info.put("architecture", architecture);
            // "probabilities", not "output": as the model's sidecar, "output" would name the features tensor.
            info.put("probabilities", output);
            info.set("preprocessing", preprocessing.toJson());
            info.set("classes", JSON.valueToTree(classes));
            info.set("metrics", JSON.valueToTree(metrics));
            info.set("provenance", JSON.valueToTree(provenance));
            Map<String, String> sums = new TreeMap<>();
            for (String file : List.of(GRAPH_FILE, LABELS_FILE)) {
                sums.put(file, WeightsStore.sha256(dir.resolve(file)));
            }
            info.set("checksums", JSON.valueToTree(sums));
            JSON.writeValue(dir.resolve(INFO_FILE).toFile(), info);
        } catch (IOException e) {
            throw new EngineException("Cannot write the ONNX model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a bundle {@link #write} made, after checking that its files are whole and agree.
     *
     * @throws EngineException naming what is wrong
     */
    public static OnnxClassifier load(Path dir) {
        Path infoFile = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(dir.resolve(GRAPH_FILE)) || !Files.isRegularFile(infoFile)) {
            throw new EngineException(dir + " is not a Loupe ONNX model (it needs " + GRAPH_FILE + " and " + INFO_FILE
                    + ")");
        }
        JsonNode info;
        try {
            info = JSON.readTree(infoFile.toFile());
        } catch (IOException e) {
            throw new EngineException("ONNX model " + dir + ": " + INFO_FILE + " is not valid JSON (" + e.getMessage()
                    + ")", e);
        }
        JsonNode sums = info.path("checksums");
        for (String file : List.of(GRAPH_FILE, LABELS_FILE)) {
            if (sums.has(file) && !(Files.isRegularFile(dir.resolve(file))
                    && WeightsStore.sha256(dir.resolve(file)).equals(sums.get(file).asText()))) {
                throw new EngineException("ONNX model " + dir + ": " + file + " is missing or changed since it was "
                        + "written (its checksum does not match " + INFO_FILE + ")");
            }
        }
        List<String> classes = new ArrayList<>();
        info.path("classes").forEach(c -> classes.add(c.asText()));
        if (classes.size() < 2) {
            throw new EngineException("ONNX model " + dir + ": " + INFO_FILE + " names fewer than two classes");
        }
        String output = info.path("probabilities").asText(PROBABILITIES);
        ForeignOnnx net = ForeignOnnx.open(BackboneSpec.onnx(dir.resolve(GRAPH_FILE).toAbsolutePath() + ";output="
                + output), notice -> { });
        if (net.dimension() != classes.size()) {
            net.close();
            throw new EngineException("ONNX model " + dir + ": the graph gives " + net.dimension() + " outputs for "
                    + classes.size() + " classes in " + INFO_FILE);
        }
        return new OnnxClassifier(net, List.copyOf(classes), info.path("architecture").asText("onnx"), info);
    }

    /**
     * This classifier with its convolutions in int8, calibrated on {@code images} (NHWC RGB 0..255 at
     * {@link #resolution()}): the graph's bytes and how they were made.
     */
    public Quantized quantizedInt8(List<float[]> images) {
        return quantizedInt8(images, dev.loupe.work.ProgressListener.NONE, dev.loupe.work.CancellationToken.none());
    }

    /** The same, saying how far it is and stopping between steps when {@code cancel} asks. */
    public Quantized quantizedInt8(List<float[]> images, dev.loupe.work.ProgressListener progress,
                                   dev.loupe.work.CancellationToken cancel) {
        Int8Quantizer.Result result = net.quantizedInt8(images, progress, cancel);
        return new Quantized(result.model(), result.description(), info.path("probabilities").asText(PROBABILITIES));
    }

    /** An int8 graph of this classifier, its description, and the output holding its probabilities. */
    public record Quantized(byte[] model, String description, String probabilities) {
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int resolution() {
        return net.resolution();
    }

    @Override
    public String architecture() {
        return architecture;
    }

    /**
     * ONNX Runtime's speed for this classifier on {@code batch} grey images, preparation included (it is a
     * sliver): the best of three turns of {@code seconds} each, after a warm-up pass.
     */
    public double forwardImagesPerSecond(int batch, double seconds) {
        int size = resolution();
        float[] rgb = new float[batch * size * size * 3];
        java.util.Arrays.fill(rgb, 128f);
        net.extract(rgb, batch);
        double best = 0;
        for (int turn = 0; turn < 3; turn++) {
            long start = System.nanoTime();
            int done = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                net.extract(rgb, batch);
                done += batch;
            }
            best = Math.max(best, done / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    /** How this classifier's pixels are prepared. */
    public Preprocessing preprocessing() {
        return net.preprocessing();
    }

    /** The bundle's {@code model.json}. */
    public JsonNode info() {
        return info;
    }

    @Override
    public synchronized double[][] predict(float[] rgb, int count) {
        float[][] p = net.extract(rgb, count);
        return Classifier.widen(p);
    }

    @Override
    public synchronized void close() {
        net.close();
    }
}

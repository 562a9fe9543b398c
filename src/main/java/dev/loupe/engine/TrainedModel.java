package dev.loupe.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loupe.heads.SoftmaxHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A complete classifier (backbone and softmax top) that can be saved as a bundle and loaded again:
 * {@code model.zip} (the DL4J graph), {@code labels.txt} (one class per line, like retrain.py's
 * output_labels.txt) and {@code model.json} ({@link ModelInfo}).
 */
public final class TrainedModel implements Classifier {

    public static final String GRAPH_FILE = "model.zip";
    public static final String LABELS_FILE = "labels.txt";
    public static final String INFO_FILE = "model.json";

    private static final String PREPROCESSING = "resize to %dx%d (area), RGB, x / 127.5 - 1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final ComputationGraph net;
    private final ModelInfo info;
    private final BackboneSpec spec;
    /** ONNX Runtime's copy of the whole classifier, made on the first prediction. */
    private OnnxSession onnx;

    private TrainedModel(ComputationGraph net, ModelInfo info) {
        this.net = net;
        this.info = info;
        this.spec = BackboneSpec.parse(info.architecture());
    }

    /**
     * Puts a trained head on top of a DL4J backbone: one graph, the head's standardisation folded into the
     * output layer's weights.
     */
    public static TrainedModel fromHead(FeatureExtractor backbone, SoftmaxHead head, Map<String, Object> metrics,
                                        Map<String, Object> provenance) {
        if (!(backbone instanceof GraphBacked dl4j) || backbone.spec().family() != BackboneSpec.Family.MOBILENET_V1) {
            throw new EngineException("models are built on MobileNet backbones; " + backbone.spec().name()
                    + " can score but not be exported as a model yet");
        }
        BackboneSpec spec = backbone.spec();
        ComputationGraph full = MobileNetV1.build(spec, head.classes().size(), 0);
        ComputationGraph body = dl4j.graph();
        for (Layer layer : body.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            Map<String, INDArray> target = full.getLayer(name).paramTable();
            layer.paramTable().forEach((param, value) -> target.get(param).assign(value));
        }
        int d = head.dimension();
        int k = head.classes().size();
        float[][] dense = head.denseLayer();
        float[] w = dense[0];
        float[] b = dense[1];
        Map<String, INDArray> top = full.getLayer(MobileNetV1.PREDICTIONS).paramTable();
        top.get("W").assign(Nd4j.create(w, new long[] {d, k}, 'c'));
        top.get("b").assign(Nd4j.create(b, new long[] {1, k}, 'c'));
        return fromGraph(full, spec, head.classes(), metrics, provenance);
    }

    /** Wraps a trained MobileNet graph whose output layer gives class probabilities. */
    static TrainedModel fromGraph(ComputationGraph net, BackboneSpec spec, List<String> classes,
                                  Map<String, Object> metrics, Map<String, Object> provenance) {
        return new TrainedModel(net, new ModelInfo(ModelInfo.FORMAT, spec.name(), spec.alpha(), spec.resolution(),
                PREPROCESSING.formatted(spec.resolution(), spec.resolution()), List.copyOf(classes), metrics, provenance,
                null));
    }

    /** The same model with its metrics and provenance replaced (for saving after evaluation). */
    public TrainedModel withInfo(Map<String, Object> metrics, Map<String, Object> provenance) {
        return new TrainedModel(net, new ModelInfo(info.format(), info.architecture(), info.alpha(), info.resolution(),
                info.preprocessing(), info.classes(), metrics, provenance, null));
    }

    /**
     * This model as one ONNX graph (input {@code input}, NCHW; output {@link #ONNX_OUTPUT}, the class
     * probabilities), what {@link #predict} runs.
     */
    public byte[] onnxGraph() {
        return MobileNetOnnx.export(net, spec, true);
    }

    /** The output of {@link #onnxGraph()} that holds the probabilities. */
    public static final String ONNX_OUTPUT = OnnxWriter.OUTPUT;

    /** How this model's pixels are prepared, in the terms of an ONNX model's sidecar. */
    public Preprocessing preprocessing() {
        return Preprocessing.preset("keras-mobilenet").withSize(spec.resolution());
    }

    /** The DL4J graph, for building a feature extractor from this model. */
    ComputationGraph graph() {
        return net;
    }

    public ModelInfo info() {
        return info;
    }

    @Override
    public List<String> classes() {
        return info.classes();
    }

    @Override
    public String architecture() {
        return info.architecture();
    }

    @Override
    public int resolution() {
        return spec.resolution();
    }

    /**
     * Class probabilities for {@code count} images given as NHWC RGB 0..255 floats, computed by ONNX Runtime
     * on a graph exported from this model (the weights must not change afterwards).
     */
    @Override
    public synchronized double[][] predict(float[] rgb, int count) {
        if (onnx == null) {
            onnx = new OnnxSession(MobileNetOnnx.export(net, spec, true));
        }
        float[][] p = onnx.run(Normalization.MINUS_ONE_TO_ONE, rgb, count, spec.resolution());
        return Classifier.widen(p);
    }

    /** The same probabilities from DL4J's forward pass: the reference the ONNX graph is checked against. */
    double[][] predictWithDl4j(float[] rgb, int count) {
        int size = spec.resolution();
        float[] nchw = Normalization.MINUS_ONE_TO_ONE.toNchw(rgb, count, size);
        try (INDArray input = Nd4j.create(nchw, new long[] {count, 3, size, size}, 'c')) {
            INDArray out = net.outputSingle(false, input).castTo(DataType.DOUBLE);
            double[][] p = new double[count][];
            for (int i = 0; i < count; i++) {
                p[i] = out.getRow(i).toDoubleVector();
            }
            return p;
        }
    }

    /** Writes the bundle into {@code dir} (created if needed; existing bundle files are replaced). */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            ModelSerializer.writeModel(net, dir.resolve(GRAPH_FILE).toFile(), false);
            Files.writeString(dir.resolve(LABELS_FILE), String.join("\n", info.classes()) + "\n",
                    StandardCharsets.UTF_8);
            Map<String, String> sums = new java.util.TreeMap<>();
            for (String file : List.of(GRAPH_FILE, LABELS_FILE)) {
                sums.put(file, WeightsStore.sha256(dir.resolve(file)));
            }
            JSON.writeValue(dir.resolve(INFO_FILE).toFile(), info.withChecksums(sums));
        } catch (IOException e) {
            throw new EngineException("Cannot write the model bundle to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a bundle written by this or an earlier version of Loupe, after checking it: {@code model.json}
     * parses and names a known architecture, its checksums (where it has them) match the files, the class list
     * agrees with {@code labels.txt} and with the network's outputs, and the network's widths match the
     * architecture. Each problem is one clear {@link EngineException}.
     */
    public static TrainedModel load(Path dir) {
        Path graph = dir.resolve(GRAPH_FILE);
        Path infoFile = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(graph) || !Files.isRegularFile(infoFile)) {
            throw new EngineException(dir + " is not a Loupe model bundle (it needs " + GRAPH_FILE + " and "
                    + INFO_FILE + ")");
        }
        ModelInfo info;
        try {
            info = JSON.readValue(infoFile.toFile(), ModelInfo.class);
        } catch (IOException e) {
            throw new EngineException("Model bundle " + dir + ": " + INFO_FILE + " is not valid ("
                    + firstLine(e) + ")", e);
        }
        BackboneSpec spec = BundleCheck.beforeLoading(dir, info);
        ComputationGraph net;
        try {
            net = ModelSerializer.restoreComputationGraph(graph.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new EngineException("Model bundle " + dir + ": " + GRAPH_FILE + " is not a readable network ("
                    + firstLine(e) + ")", e);
        }
        try {
            BundleCheck.againstGraph(dir, info, spec, net);
        } catch (EngineException e) {
            net.clear();
            throw e;
        }
        return new TrainedModel(net, info);
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }

    @Override
    public synchronized void close() {
        if (onnx != null) {
            onnx.close();
            onnx = null;
        }
        net.clear();
    }
}

package dev.loupe.engine;

import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Features from ONNX Runtime, on a graph exported from the same DL4J network (and so with the same
 * fingerprint): the fast path for featurizing and scoring.
 */
final class OnnxFeatureExtractor extends GraphExtractor {

    private final OnnxSession session;
    private final Normalization normalization;
    /** Exports the graph again when another machine needs it ({@link PortableJudge}); the graph is kept anyway. */
    private final Supplier<byte[]> model;

    OnnxFeatureExtractor(BackboneSpec spec, ComputationGraph net, Supplier<byte[]> model, String fingerprint,
                         boolean pretrained, int dimension) {
        this(spec, net, model, fingerprint, pretrained, dimension, Normalization.MINUS_ONE_TO_ONE);
    }

    /**
     * Exports the graph ({@code model} is called once) and opens it. The serialised graph and the export's
     * buffers are garbage once the session holds the weights: a collection then gives that heap back before
     * featurizing starts (ResNet50: ~170 MB less resident memory).
     */
    OnnxFeatureExtractor(BackboneSpec spec, ComputationGraph net, Supplier<byte[]> model, String fingerprint,
                         boolean pretrained, int dimension, Normalization normalization) {
        super(spec, net, fingerprint, pretrained, dimension);
        this.session = new OnnxSession(model.get(), threadsFor(net, spec), true);
        this.normalization = normalization;
        this.model = model;
        System.gc();
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int size = resolution();
        float[][] features = session.run(normalization, rgb, count, size);
        for (float[] row : features) {
            for (float v : row) {
                if (!Float.isFinite(v) || Math.abs(v) >= 1e30f) {
                    throw new EngineException(spec().name() + " produced invalid activations (" + v + "); with "
                            + (pretrained() ? "these weights" : "random weights") + " it cannot featurize. "
                            + "Try a MobileNet backbone.");
                }
            }
        }
        return features;
    }

    /** The ONNX graph these features come from, exported anew. */
    byte[] onnxModel() {
        return model.get();
    }

    Normalization normalization() {
        return normalization;
    }

    @Override
    public void close() {
        session.close();
        super.close();
    }

    /**
     * Operator threads while featurizing, where decoding shares the cores: a network this small finishes an
     * operator faster than two threads can meet at its end while a decoder holds one core, so it gets one
     * thread (MobileNet 0.25_128, 0.014 GFLOP: 840 img/s against 690 with two); larger ones get every core
     * (0.25_224, 0.041 GFLOP: 625-638 img/s with two against 587-620 with one, three runs each).
     */
    static int threadsFor(ComputationGraph net, BackboneSpec spec) {
        return Backbones.gflopPerImage(net, spec) < 0.03 ? 1 : Runtime.getRuntime().availableProcessors();
    }
}

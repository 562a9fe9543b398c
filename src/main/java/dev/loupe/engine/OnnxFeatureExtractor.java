package dev.loupe.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Features from ONNX Runtime, on a graph exported from the same DL4J network (and so with the same
 * fingerprint): the fast path for featurizing and scoring.
 */
final class OnnxFeatureExtractor implements FeatureExtractor, GraphBacked {

    private final BackboneSpec spec;
    private final ComputationGraph net;
    private final OnnxSession session;
    private final String fingerprint;
    private final boolean pretrained;
    private final int dimension;

    OnnxFeatureExtractor(BackboneSpec spec, ComputationGraph net, byte[] model, String fingerprint, boolean pretrained,
                         int dimension) {
        this.spec = spec;
        this.net = net;
        this.session = new OnnxSession(model);
        this.fingerprint = fingerprint;
        this.pretrained = pretrained;
        this.dimension = dimension;
    }

    @Override
    public BackboneSpec spec() {
        return spec;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean pretrained() {
        return pretrained;
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int size = resolution();
        return session.run(Normalization.MINUS_ONE_TO_ONE.toNchw(rgb, count, size), count, size);
    }

    @Override
    public ComputationGraph graph() {
        return net;
    }

    @Override
    public void close() {
        session.close();
        net.clear();
    }
}

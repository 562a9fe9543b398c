package dev.loupe.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Features from ONNX Runtime, on a graph exported from the same DL4J network (and so with the same
 * fingerprint): the fast path for featurizing and scoring.
 */
final class OnnxFeatureExtractor extends GraphExtractor {

    private final OnnxSession session;

    OnnxFeatureExtractor(BackboneSpec spec, ComputationGraph net, byte[] model, String fingerprint, boolean pretrained,
                         int dimension) {
        super(spec, net, fingerprint, pretrained, dimension);
        this.session = new OnnxSession(model);
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int size = resolution();
        return session.run(Normalization.MINUS_ONE_TO_ONE, rgb, count, size);
    }

    @Override
    public void close() {
        session.close();
        super.close();
    }
}

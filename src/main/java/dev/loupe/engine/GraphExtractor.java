package dev.loupe.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What every extractor built on a DL4J graph shares: the backbone it is, what its features mean, and the
 * graph itself (kept so a trained model can be built on top of it).
 */
abstract class GraphExtractor implements FeatureExtractor, GraphBacked {

    private final BackboneSpec spec;
    private final ComputationGraph net;
    private final String fingerprint;
    private final boolean pretrained;
    private final int dimension;

    GraphExtractor(BackboneSpec spec, ComputationGraph net, String fingerprint, boolean pretrained, int dimension) {
        this.spec = spec;
        this.net = net;
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
    public ComputationGraph graph() {
        return net;
    }

    @Override
    public void close() {
        net.clear();
    }
}

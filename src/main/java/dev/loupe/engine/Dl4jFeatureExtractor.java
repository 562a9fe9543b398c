package dev.loupe.engine;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Features from a DL4J graph whose single output is the pooled feature vector. */
final class Dl4jFeatureExtractor extends GraphExtractor {

    private final ComputationGraph net;
    private final Normalization normalization;
    private final String featureVertex;

    Dl4jFeatureExtractor(BackboneSpec spec, ComputationGraph net, Normalization normalization, String fingerprint,
                         boolean pretrained, int dimension) {
        this(spec, net, normalization, fingerprint, pretrained, dimension, null);
    }

    /**
     * @param featureVertex the vertex whose activations are the features, or null when the graph's output is
     */
    Dl4jFeatureExtractor(BackboneSpec spec, ComputationGraph net, Normalization normalization, String fingerprint,
                         boolean pretrained, int dimension, String featureVertex) {
        super(spec, net, fingerprint, pretrained, dimension);
        this.net = net;
        this.normalization = normalization;
        this.featureVertex = featureVertex;
    }

    @Override
    public float[][] extract(float[] rgb, int count) {
        int size = resolution();
        float[] nchw = normalization.toNchw(rgb, count, size);
        try (INDArray input = Nd4j.create(nchw, new long[] {count, 3, size, size}, 'c')) {
            INDArray out = featureVertex == null ? net.outputSingle(false, input)
                    : spatialMean(net.feedForward(input, false).get(featureVertex));
            float[][] features = new float[count][];
            INDArray flat = out.reshape(count, -1).castTo(DataType.FLOAT);
            for (int i = 0; i < count; i++) {
                features[i] = flat.getRow(i).toFloatVector();
                for (float v : features[i]) {
                    if (!Float.isFinite(v) || Math.abs(v) >= 1e30f) {
                        throw new EngineException(spec().name() + " produced invalid activations (" + v + "); with "
                                + (pretrained() ? "these weights" : "random weights") + " it cannot featurize. "
                                + "Try a MobileNet backbone.");
                    }
                }
            }
            out.close();
            return features;
        }
    }

    /** Global average pooling of an NCHW activation; 2-D activations pass through. */
    private static INDArray spatialMean(INDArray activation) {
        return activation.rank() == 4 ? activation.mean(2, 3) : activation;
    }

}

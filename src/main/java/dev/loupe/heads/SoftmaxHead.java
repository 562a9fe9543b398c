package dev.loupe.heads;

import java.util.List;

/**
 * A trained softmax (multinomial logistic regression) classifier over feature vectors. Features are
 * standardised with the training set's mean and scale before the linear layer.
 *
 * @param classes  class names, in output order
 * @param weights  [classes][dimension], applied to standardised features
 * @param bias     [classes]
 * @param mean     per-feature mean of the training features
 * @param scale    per-feature standard deviation of the training features (1 where constant)
 * @param l2       the L2 strength it was trained with
 */
public record SoftmaxHead(List<String> classes, double[][] weights, double[] bias, double[] mean, double[] scale,
                          double l2) implements java.io.Serializable {

    public int dimension() {
        return mean.length;
    }

    /** Class probabilities for one feature vector, in {@link #classes()} order. */
    public double[] probabilities(float[] features) {
        int k = classes.size();
        int d = mean.length;
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = (features[j] - mean[j]) / scale[j];
        }
        double[] logits = new double[k];
        for (int c = 0; c < k; c++) {
            double sum = bias[c];
            double[] w = weights[c];
            for (int j = 0; j < d; j++) {
                sum += w[j] * z[j];
            }
            logits[c] = sum;
        }
        return softmax(logits);
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * The equivalent weights on raw (unstandardised) features: {@code W / scale} and
     * {@code b - sum(W * mean / scale)}, so that a plain dense layer reproduces this head.
     *
     * @return [classes][dimension + 1], the last column being the bias
     */
    public double[][] rawAffine() {
        int k = classes.size();
        int d = mean.length;
        double[][] out = new double[k][d + 1];
        for (int c = 0; c < k; c++) {
            double b = bias[c];
            for (int j = 0; j < d; j++) {
                out[c][j] = weights[c][j] / scale[j];
                b -= weights[c][j] * mean[j] / scale[j];
            }
            out[c][d] = b;
        }
        return out;
    }

    /**
     * {@link #rawAffine()} as a dense layer's parameters: {@code [0]} the weights, dimension x classes in row-major
     * order, {@code [1]} the classes' biases.
     */
    public float[][] denseLayer() {
        double[][] affine = rawAffine();
        int d = dimension();
        int k = classes.size();
        float[] w = new float[d * k];
        float[] b = new float[k];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                w[j * k + c] = (float) affine[c][j];
            }
            b[c] = (float) affine[c][d];
        }
        return new float[][] {w, b};
    }
}

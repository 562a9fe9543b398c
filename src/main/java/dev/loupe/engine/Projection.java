package dev.loupe.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Principal-component projection of feature vectors: keeps the directions of largest variance so that the
 * many small heads of out-of-fold scoring train in a fraction of the time. Unsupervised (labels are not used),
 * so projecting all images at once leaks nothing between folds. Uses BLAS through ND4J.
 */
public final class Projection {

    private Projection() {
    }

    /** Rows per block: the only copies of the features are one block at a time (8 MB of doubles at 256 wide). */
    static final int BLOCK = 4096;

    /**
     * The rows of {@code x} projected onto their top {@code dims} principal components (centred). Memory beyond
     * the input and the output is one block of rows and the d x d covariance: 10M x 256 features are never copied
     * whole (as doubles they would take ~20 GB).
     */
    public static float[][] principalComponents(float[][] x, int dims) {
        int n = x.length;
        int d = x[0].length;
        if (d <= dims || n <= dims) {
            return x;
        }
        // Two passes over the rows, a block at a time: the mean, then the centred covariance (accurate in double).
        double[] sum = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                sum[j] += row[j];
            }
        }
        double[] meanValues = new double[d];
        for (int j = 0; j < d; j++) {
            meanValues[j] = sum[j] / n;
        }
        try (INDArray mean = Nd4j.create(meanValues, new long[] {1, d}, DataType.DOUBLE);
             INDArray covariance = Nd4j.zeros(DataType.DOUBLE, d, d)) {
            for (int from = 0; from < n; from += BLOCK) {
                try (INDArray block = centredBlock(x, from, Math.min(n, from + BLOCK), mean)) {
                    covariance.addi(block.transpose().mmul(block));
                }
            }
            covariance.divi(n);
            INDArray basis = eigenBasis(covariance, dims);
            float[][] out = new float[n][];
            for (int from = 0; from < n; from += BLOCK) {
                int to = Math.min(n, from + BLOCK);
                try (INDArray block = centredBlock(x, from, to, mean); INDArray projected = block.mmul(basis)) {
                    // One bulk copy per block: a view per row costs seconds at 100,000 rows.
                    float[] all = projected.castTo(DataType.FLOAT).dup('c').data().asFloat();
                    for (int i = from; i < to; i++) {
                        out[i] = java.util.Arrays.copyOfRange(all, (i - from) * dims, (i - from + 1) * dims);
                    }
                }
            }
            return out;
        }
    }

    /**
     * The top {@code dims} eigenvectors of a covariance matrix as the columns of a d x dims matrix, divided by the
     * square root of the largest eigenvalue: one common scale, so that the first component has unit variance and
     * the rest keep their ratio. Overwrites {@code covariance}.
     */
    private static INDArray eigenBasis(INDArray covariance, int dims) {
        INDArray eigenvalues = Eigen.symmetricGeneralizedEigenvalues(covariance, true);
        // Eigenvalues come in ascending order; the eigenvectors are now the columns of covariance.
        double[] values = eigenvalues.toDoubleVector();
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(values[b], values[a]));
        long[] order = new long[dims];
        for (int i = 0; i < dims; i++) {
            order[i] = idx[i];
        }
        return Nd4j.pullRows(covariance.transpose(), 1, toInt(order)).transpose()
                .divi(Math.sqrt(Math.max(1e-12, values[idx[0]])));
    }

    /**
     * A projection learnt elsewhere, to apply a row at a time: a cluster sums the covariance over its executors,
     * the driver turns it into a basis here, and every executor projects its own rows with it.
     *
     * @param mean       the rows' mean
     * @param components dims rows of d values: the scaled principal directions
     */
    public record Basis(double[] mean, double[][] components) implements java.io.Serializable {

        public int dimensions() {
            return components.length;
        }

        public float[] project(float[] row) {
            float[] out = new float[components.length];
            for (int c = 0; c < components.length; c++) {
                double[] w = components[c];
                double sum = 0;
                for (int j = 0; j < row.length; j++) {
                    sum += (row[j] - mean[j]) * w[j];
                }
                out[c] = (float) sum;
            }
            return out;
        }
    }

    /** The basis of the top {@code dims} components from a mean and a covariance (d x d, row-major) of n rows. */
    public static Basis basis(double[] mean, double[] covariance, int dims) {
        int d = mean.length;
        try (INDArray cov = Nd4j.create(covariance.clone(), new long[] {d, d}, DataType.DOUBLE)) {
            INDArray basis = eigenBasis(cov, dims);
            double[][] components = new double[dims][d];
            for (int c = 0; c < dims; c++) {
                for (int j = 0; j < d; j++) {
                    components[c][j] = basis.getDouble(j, c);
                }
            }
            return new Basis(mean.clone(), components);
        }
    }

    /** Rows {@code from..to} of {@code x} as doubles, minus the mean. */
    private static INDArray centredBlock(float[][] x, int from, int to, INDArray mean) {
        int d = x[0].length;
        double[] flat = new double[(to - from) * d];
        for (int i = from; i < to; i++) {
            float[] row = x[i];
            int base = (i - from) * d;
            for (int j = 0; j < d; j++) {
                flat[base + j] = row[j];
            }
        }
        return Nd4j.create(flat, new long[] {to - from, d}, DataType.DOUBLE).subiRowVector(mean);
    }

    private static int[] toInt(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }
}

package dev.loupe.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains {@link SoftmaxHead}s on cached features: L2-regularised multinomial logistic regression, solved to
 * convergence with L-BFGS, its L2 strength chosen by stratified cross-validation. Seeded and deterministic:
 * the same features, labels and seed give the same head.
 */
public final class HeadTrainer {

    /** L2 strengths tried by cross-validation (on standardised features). */
    public static final double[] L2_GRID = {1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1};

    private final int maxIterations;
    private final boolean standardize;

    public HeadTrainer() {
        this(200, true);
    }

    /**
     * @param standardize scale each feature to unit variance before training (right for raw CNN features;
     *                    wrong for principal components, where it would blow up the noise directions)
     */
    public HeadTrainer(int maxIterations, boolean standardize) {
        this.maxIterations = maxIterations;
        this.standardize = standardize;
    }

    /** Trains on all rows with a fixed L2 strength. {@code labels[i]} indexes {@code classes}. */
    public SoftmaxHead fit(float[][] features, int[] labels, List<String> classes, double l2) {
        int n = features.length;
        if (n == 0) {
            throw new IllegalArgumentException("No training images: every class folder is empty or unreadable");
        }
        int d = features[0].length;
        int k = classes.size();
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (float[] row : features) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] row : features) {
            for (int j = 0; j < d; j++) {
                double v = row[j] - mean[j];
                scale[j] += v * v;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / n);
            scale[j] = sd < 1e-8 || !standardize ? 1 : sd;
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (features[i][j] - mean[j]) / scale[j];
            }
        }
        double[] params = Lbfgs.minimize((x, grad) -> lossAndGradient(x, grad, z, labels, k, l2),
                new double[k * (d + 1)], maxIterations, 1e-6);
        double[][] w = new double[k][d];
        double[] b = new double[k];
        for (int c = 0; c < k; c++) {
            System.arraycopy(params, c * (d + 1), w[c], 0, d);
            b[c] = params[c * (d + 1) + d];
        }
        return new SoftmaxHead(List.copyOf(classes), w, b, mean, scale, l2);
    }

    /** Chooses the L2 strength with the best cross-validated log-loss, then trains on all rows with it. */
    public SoftmaxHead fitWithCrossValidation(float[][] features, int[] labels, List<String> classes, int folds,
                                              long seed) {
        return fit(features, labels, classes, chooseL2(features, labels, classes, folds, seed));
    }

    /** The L2 strength from {@link #L2_GRID} with the lowest mean held-out log-loss. */
    public double chooseL2(float[][] features, int[] labels, List<String> classes, int folds, long seed) {
        int[] fold = stratifiedFolds(labels, classes.size(), folds, seed);
        // Every (strength, fold) pair is independent: run them on all cores.
        List<double[]> losses = dev.loupe.work.Parallel.map(L2_GRID.length * folds, task -> {
            double l2 = L2_GRID[task / folds];
            int f = task % folds;
            List<Integer> train = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                (fold[i] == f ? test : train).add(i);
            }
            if (test.isEmpty() || train.isEmpty()) {
                return new double[] {0, 0};
            }
            SoftmaxHead head = fit(rows(features, train), pick(labels, train), classes, l2);
            double loss = 0;
            for (int i : test) {
                loss -= Math.log(Math.max(1e-12, head.probabilities(features[i])[labels[i]]));
            }
            return new double[] {loss, test.size()};
        });
        double best = L2_GRID[0];
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int g = 0; g < L2_GRID.length; g++) {
            double loss = 0;
            double count = 0;
            for (int f = 0; f < folds; f++) {
                loss += losses.get(g * folds + f)[0];
                count += losses.get(g * folds + f)[1];
            }
            double mean = count == 0 ? Double.POSITIVE_INFINITY : loss / count;
            if (mean < bestLoss - 1e-12) {
                bestLoss = mean;
                best = L2_GRID[g];
            }
        }
        return best;
    }

    /**
     * Assigns each row a fold in 0..folds-1 so that every class is spread evenly over the folds. Seeded.
     */
    public static int[] stratifiedFolds(int[] labels, int classes, int folds, long seed) {
        int[] fold = new int[labels.length];
        Random random = new Random(seed);
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            for (int j = 0; j < members.size(); j++) {
                fold[members.get(j)] = j % folds;
            }
        }
        return fold;
    }

    static float[][] rows(float[][] features, List<Integer> indices) {
        float[][] out = new float[indices.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = features[indices.get(i)];
        }
        return out;
    }

    static int[] pick(int[] labels, List<Integer> indices) {
        return indices.stream().mapToInt(i -> labels[i]).toArray();
    }

    private static double lossAndGradient(double[] params, double[] grad, double[][] z, int[] labels, int k,
                                          double l2) {
        int n = z.length;
        int d = z[0].length;
        int stride = d + 1;
        Arrays.fill(grad, 0);
        double loss = 0;
        double[] logits = new double[k];
        for (int i = 0; i < n; i++) {
            double[] row = z[i];
            for (int c = 0; c < k; c++) {
                int off = c * stride;
                double sum = params[off + d];
                for (int j = 0; j < d; j++) {
                    sum += params[off + j] * row[j];
                }
                logits[c] = sum;
            }
            double[] p = SoftmaxHead.softmax(logits);
            loss -= Math.log(Math.max(1e-300, p[labels[i]]));
            for (int c = 0; c < k; c++) {
                double err = (p[c] - (labels[i] == c ? 1 : 0)) / n;
                int off = c * stride;
                for (int j = 0; j < d; j++) {
                    grad[off + j] += err * row[j];
                }
                grad[off + d] += err;
            }
        }
        loss /= n;
        for (int c = 0; c < k; c++) {
            int off = c * stride;
            for (int j = 0; j < d; j++) {
                loss += 0.5 * l2 * params[off + j] * params[off + j];
                grad[off + j] += l2 * params[off + j];
            }
        }
        return loss;
    }
}

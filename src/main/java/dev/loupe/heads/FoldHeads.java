package dev.loupe.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The out-of-fold heads of a ranking trained together where the rows live (a cluster's executors): head f learns
 * from the rows outside fold f, and all of them come out of one L-BFGS run whose every step is one pass over the
 * rows. A pass adds each row's terms into a partial sum ({@link #accumulate}); partial sums from anywhere add up
 * ({@link #merge}); the driver turns their total into losses and gradients. The rows are principal components,
 * so, as on the desktop for reduced features, they are not standardised.
 *
 * <p>A partial sum holds, per fold, the summed log-loss and the number of rows, then every head's summed gradient.
 */
public final class FoldHeads {

    private FoldHeads() {
    }

    /** Sums the partial sums over all rows for the parameters given: one pass over the data. */
    @FunctionalInterface
    public interface Pass {
        double[] sum(double[] params);
    }

    /** Length of a partial sum. */
    public static int partialLength(int folds, int classes, int d) {
        return 2 * folds + folds * classes * (d + 1);
    }

    /** Length of the parameters: every fold's head, weights and bias per class. */
    public static int parameterLength(int folds, int classes, int d) {
        return folds * classes * (d + 1);
    }

    /** Adds one row (features {@code x}, its class, its fold) to {@code partial}, for every head that learns from it. */
    public static void accumulate(double[] params, float[] x, int label, int fold, int folds, int classes,
                                  double[] partial) {
        int d = x.length;
        int stride = d + 1;
        double[] logits = new double[classes];
        for (int f = 0; f < folds; f++) {
            if (f == fold) {
                continue;
            }
            int head = f * classes * stride;
            for (int c = 0; c < classes; c++) {
                int off = head + c * stride;
                double sum = params[off + d];
                for (int j = 0; j < d; j++) {
                    sum += params[off + j] * x[j];
                }
                logits[c] = sum;
            }
            double[] p = SoftmaxHead.softmax(logits);
            partial[f] -= Math.log(Math.max(1e-300, p[label]));
            partial[folds + f] += 1;
            int g = 2 * folds + head;
            for (int c = 0; c < classes; c++) {
                double err = p[c] - (label == c ? 1 : 0);
                int off = g + c * stride;
                for (int j = 0; j < d; j++) {
                    partial[off + j] += err * x[j];
                }
                partial[off + d] += err;
            }
        }
    }

    /** Adds {@code other} into {@code into} and returns it. */
    public static double[] merge(double[] into, double[] other) {
        for (int i = 0; i < into.length; i++) {
            into[i] += other[i];
        }
        return into;
    }

    /**
     * Trains the heads: L2-regularised softmax regression per fold (mean log-loss of its rows plus
     * {@code l2 / 2 * |w|^2}), all folds in one run.
     */
    public static List<SoftmaxHead> fit(Pass pass, int folds, List<String> classes, int d, double l2,
                                        int maxIterations) {
        int k = classes.size();
        int stride = d + 1;
        double[] params = Lbfgs.minimize((x, grad) -> {
            double[] partial = pass.sum(x);
            double loss = 0;
            Arrays.fill(grad, 0);
            for (int f = 0; f < folds; f++) {
                double n = Math.max(1, partial[folds + f]);
                loss += partial[f] / n;
                int head = f * k * stride;
                for (int c = 0; c < k; c++) {
                    int off = head + c * stride;
                    for (int j = 0; j <= d; j++) {
                        grad[off + j] = partial[2 * folds + off + j] / n;
                    }
                    for (int j = 0; j < d; j++) {
                        loss += 0.5 * l2 * x[off + j] * x[off + j];
                        grad[off + j] += l2 * x[off + j];
                    }
                }
            }
            return loss;
        }, new double[parameterLength(folds, k, d)], maxIterations, 1e-6);
        List<SoftmaxHead> heads = new ArrayList<>(folds);
        double[] zero = new double[d];
        double[] one = new double[d];
        Arrays.fill(one, 1);
        for (int f = 0; f < folds; f++) {
            double[][] w = new double[k][d];
            double[] b = new double[k];
            for (int c = 0; c < k; c++) {
                int off = f * k * stride + c * stride;
                System.arraycopy(params, off, w[c], 0, d);
                b[c] = params[off + d];
            }
            heads.add(new SoftmaxHead(List.copyOf(classes), w, b, zero, one, l2));
        }
        return heads;
    }
}

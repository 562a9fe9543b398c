package dev.loupe.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Heads trained together from partial sums (as a cluster's executors add them) equal heads trained one by one. */
class FoldHeadsTest {

    @Test
    void eachFoldsHeadEqualsTheHeadTrainedOnTheOtherFoldsAlone() {
        Random r = new Random(3);
        int n = 600;
        int d = 6;
        int folds = 3;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            fold[i] = r.nextInt(folds);
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j == y[i] ? 1.5 : 0));
            }
        }
        List<String> classes = List.of("a", "b", "c");
        double l2 = 1e-2;
        // The sums come in two halves, merged, as from two executors.
        List<SoftmaxHead> together = FoldHeads.fit(params -> {
            double[] left = new double[FoldHeads.partialLength(folds, 3, d)];
            double[] right = new double[left.length];
            for (int i = 0; i < n; i++) {
                FoldHeads.accumulate(params, x[i], y[i], fold[i], folds, 3, i < n / 2 ? left : right);
            }
            return FoldHeads.merge(left, right);
        }, folds, classes, d, l2, 300);
        HeadTrainer alone = new HeadTrainer(300, false);
        for (int f = 0; f < folds; f++) {
            int fi = f;
            int[] keep = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] != fi).toArray();
            float[][] xs = java.util.Arrays.stream(keep).mapToObj(i -> x[i]).toArray(float[][]::new);
            int[] ys = java.util.Arrays.stream(keep).map(i -> y[i]).toArray();
            SoftmaxHead reference = alone.fit(xs, ys, classes, l2);
            for (int i = 0; i < 20; i++) {
                double[] p = together.get(f).probabilities(x[i]);
                double[] q = reference.probabilities(x[i]);
                for (int c = 0; c < 3; c++) {
                    assertEquals(q[c], p[c], 2e-3, "fold " + f + ", image " + i + ", class " + c);
                }
            }
        }
    }
}

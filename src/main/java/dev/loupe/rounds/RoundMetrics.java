package dev.loupe.rounds;

import java.util.List;

/**
 * How a round's model does on the held-out sets.
 *
 * @param confusion [true][predicted] counts on the test set
 */
public record RoundMetrics(List<String> classes, double validationAccuracy, double testAccuracy, double[] precision,
                           double[] recall, long[][] confusion, int trainImages, int validationImages,
                           int testImages) {

    static RoundMetrics of(List<String> classes, int[] truthVal, int[] predVal, int[] truthTest, int[] predTest,
                           int trainImages) {
        int k = classes.size();
        long[][] confusion = new long[k][k];
        for (int i = 0; i < truthTest.length; i++) {
            if (predTest[i] >= 0) {
                confusion[truthTest[i]][predTest[i]]++;
            }
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        for (int c = 0; c < k; c++) {
            long tp = confusion[c][c];
            long predicted = 0;
            long actual = 0;
            for (int o = 0; o < k; o++) {
                predicted += confusion[o][c];
                actual += confusion[c][o];
            }
            precision[c] = predicted == 0 ? Double.NaN : (double) tp / predicted;
            recall[c] = actual == 0 ? Double.NaN : (double) tp / actual;
        }
        return new RoundMetrics(List.copyOf(classes), accuracy(truthVal, predVal), accuracy(truthTest, predTest),
                precision, recall, confusion, trainImages, truthVal.length, truthTest.length);
    }

    private static double accuracy(int[] truth, int[] predicted) {
        if (truth.length == 0) {
            return Double.NaN;
        }
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            right += truth[i] == predicted[i] ? 1 : 0;
        }
        return (double) right / truth.length;
    }
}

package dev.loupe.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadTrainerTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");

    /** Three Gaussian blobs in 8 dimensions, well apart. */
    static float[][] blobs(int perClass, int[] labels, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[perClass * 3][8];
        for (int i = 0; i < x.length; i++) {
            int c = i % 3;
            labels[i] = c;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) (r.nextGaussian() + (j == c ? 4 : 0) + 10);
            }
        }
        return x;
    }

    @Test
    void learnsASeparableToySet() {
        int[] y = new int[90];
        float[][] x = blobs(30, y, 1);
        SoftmaxHead head = new HeadTrainer().fit(x, y, CLASSES, 1e-3);
        int[] yTest = new int[60];
        float[][] xTest = blobs(20, yTest, 2);
        int right = 0;
        for (int i = 0; i < xTest.length; i++) {
            double[] p = head.probabilities(xTest[i]);
            int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : (p[1] >= p[2] ? 1 : 2);
            right += best == yTest[i] ? 1 : 0;
        }
        assertTrue(right >= 58, "held-out accuracy " + right + "/60");
    }

    @Test
    void sameDataAndSeedGiveTheSameHead() {
        int[] y = new int[60];
        float[][] x = blobs(20, y, 3);
        SoftmaxHead a = new HeadTrainer().fitWithCrossValidation(x, y, CLASSES, 3, 9);
        SoftmaxHead b = new HeadTrainer().fitWithCrossValidation(x, y, CLASSES, 3, 9);
        assertEquals(a.l2(), b.l2());
        assertArrayEquals(a.weights()[1], b.weights()[1]);
    }

    @Test
    void strongerRegularisationGivesLessConfidentPredictions() {
        int[] y = new int[60];
        float[][] x = blobs(20, y, 4);
        double loose = new HeadTrainer().fit(x, y, CLASSES, 1e-4).probabilities(x[0])[y[0]];
        double tight = new HeadTrainer().fit(x, y, CLASSES, 10).probabilities(x[0])[y[0]];
        assertTrue(loose > tight, loose + " vs " + tight);
    }

    @Test
    void stratifiedFoldsSpreadEveryClassEvenly() {
        int[] y = new int[30];
        for (int i = 0; i < 30; i++) {
            y[i] = i < 10 ? 0 : 1;
        }
        int[] folds = HeadTrainer.stratifiedFolds(y, 2, 5, 1);
        for (int f = 0; f < 5; f++) {
            int zeros = 0;
            int ones = 0;
            for (int i = 0; i < 30; i++) {
                if (folds[i] == f) {
                    zeros += y[i] == 0 ? 1 : 0;
                    ones += y[i] == 1 ? 1 : 0;
                }
            }
            assertEquals(2, zeros);
            assertEquals(4, ones);
        }
    }
}

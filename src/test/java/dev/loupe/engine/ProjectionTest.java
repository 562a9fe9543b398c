package dev.loupe.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Principal components on generated data, without ../shared. */
class ProjectionTest {

    /** 400 points that vary along two hidden directions (variances 9 and 1) in 40 dimensions, plus small noise. */
    private static float[][] planeIn40Dimensions(Random r, double[] u, double[] v) {
        return planeIn40Dimensions(r, u, v, 400);
    }

    private static float[][] planeIn40Dimensions(Random r, double[] u, double[] v, int n) {
        float[][] x = new float[n][40];
        for (int i = 0; i < x.length; i++) {
            double a = 3 * r.nextGaussian();
            double b = r.nextGaussian();
            for (int j = 0; j < 40; j++) {
                x[i][j] = (float) (5 + a * u[j] + b * v[j] + 0.01 * r.nextGaussian());
            }
        }
        return x;
    }

    @Test
    void theTopComponentsFindTheHiddenPlaneWithItsVarianceRatio() {
        Random r = new Random(5);
        double[] u = new double[40];
        double[] v = new double[40];
        u[3] = 1; // orthonormal hidden directions
        v[17] = 1;
        float[][] x = planeIn40Dimensions(r, u, v);
        float[][] p = Projection.principalComponents(x, 4);
        assertEquals(4, p[0].length);
        double[] variance = new double[4];
        for (float[] row : p) {
            for (int c = 0; c < 4; c++) {
                variance[c] += row[c] * row[c] / p.length; // centred: the mean is zero
            }
        }
        assertEquals(1.0, variance[0], 1e-3, "the first component is scaled to unit variance");
        assertEquals(1.0 / 9, variance[1], 0.03, "the second keeps its ratio to the first");
        assertTrue(variance[2] < 1e-4 && variance[3] < 1e-4, "nothing else varies");
        // The first component is the first hidden coordinate, up to sign and scale.
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            dot += p[i][0] * (x[i][3] - 5);
            norm += (x[i][3] - 5) * (x[i][3] - 5);
        }
        assertTrue(Math.abs(dot) / Math.sqrt(norm * x.length) > 0.99, "aligned with the hidden direction");
    }

    @Test
    void manyRowsAreProjectedBlockByBlockAsOne() {
        // More rows than one block holds: the covariance is summed over blocks and every block projected.
        Random r = new Random(9);
        double[] u = new double[40];
        double[] v = new double[40];
        u[8] = 1;
        v[30] = 1;
        int n = Projection.BLOCK * 2 + 123;
        float[][] x = planeIn40Dimensions(r, u, v, n);
        float[][] p = Projection.principalComponents(x, 3);
        double[] mean = new double[3];
        double[] variance = new double[3];
        for (float[] row : p) {
            for (int c = 0; c < 3; c++) {
                mean[c] += row[c] / n;
                variance[c] += row[c] * row[c] / n;
            }
        }
        assertEquals(0, mean[0], 1e-3, "centred with the mean of all rows, in every block");
        assertEquals(1.0, variance[0], 1e-3);
        assertEquals(1.0 / 9, variance[1], 0.01);
        assertTrue(variance[2] < 1e-4);
        // The last block's rows are projected like the first's: the hidden coordinate, centred and scaled.
        double m = 0;
        double var = 0;
        for (float[] row : x) {
            m += row[8] / (double) n;
        }
        for (float[] row : x) {
            var += (row[8] - m) * (row[8] - m) / n;
        }
        for (int i : new int[] {0, Projection.BLOCK, n - 1}) {
            assertEquals(Math.abs(x[i][8] - m) / Math.sqrt(var), Math.abs(p[i][0]), 2e-3, "row " + i);
        }
    }

    @Test
    void fewerDimensionsThanAskedForAreLeftAsTheyAre() {
        float[][] x = {{1, 2}, {3, 4}, {5, 7}};
        assertSame(x, Projection.principalComponents(x, 4));
    }
}

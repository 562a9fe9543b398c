package dev.loupe.issues;

import dev.loupe.engine.Projection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A 2-D map of a dataset from its cached features: each image's power-normalised vector projected on the first
 * two principal components, so that images the judge sees alike lie close together. The fast first view of the
 * embeddings map (100,000 images of 256 dimensions in about a second); rows in content-hash order and the sign of
 * each axis fixed, so the same features always give the same picture.
 */
public final class FeatureMap {

    /**
     * The map: {@code x[i]}, {@code y[i]} place the image with content hash {@code shas.get(i)}; the bounds hold
     * all but the outermost 0.5% of points on each side (what a first view should fit).
     */
    public record Layout(List<String> shas, float[] x, float[] y, double minX, double maxX, double minY,
                         double maxY) {
        public int size() {
            return shas.size();
        }
    }

    private FeatureMap() {
    }

    /** The map of every image in {@code vectors} (content hash → cached feature vector); empty when none. */
    public static Layout principalComponents(Map<String, float[]> vectors) {
        List<String> shas = new ArrayList<>(vectors.keySet());
        shas.sort(null);
        int n = shas.size();
        float[] x = new float[n];
        float[] y = new float[n];
        if (n == 0) {
            return new Layout(List.of(), x, y, 0, 1, 0, 1);
        }
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = LabelIssueFinder.powerNormalize(vectors.get(shas.get(i)));
        }
        if (n > 2 && rows[0].length > 2) {
            float[][] projected = Projection.principalComponents(rows, 2);
            for (int i = 0; i < n; i++) {
                x[i] = projected[i][0];
                y[i] = projected[i][1];
            }
        } else {
            for (int i = 0; i < n; i++) { // too few to project: the first two coordinates as they are
                x[i] = rows[i][0];
                y[i] = rows[i].length > 1 ? rows[i][1] : 0;
            }
        }
        orient(x);
        orient(y);
        double[] bx = bounds(x);
        double[] by = bounds(y);
        return new Layout(List.copyOf(shas), x, y, bx[0], bx[1], by[0], by[1]);
    }

    /** Flips an axis so that its longer tail points the positive way: the eigenvector's sign is arbitrary. */
    private static void orient(float[] v) {
        double third = 0;
        for (float f : v) {
            third += (double) f * f * f;
        }
        if (third < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
    }

    /** The 0.5th and 99.5th percentiles (a little apart when all are equal). */
    private static double[] bounds(float[] v) {
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        int cut = (int) Math.floor(sorted.length * 0.005);
        double lo = sorted[cut];
        double hi = sorted[sorted.length - 1 - cut];
        if (hi - lo < 1e-9) {
            lo -= 0.5;
            hi += 0.5;
        }
        return new double[] {lo, hi};
    }
}

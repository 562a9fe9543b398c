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

    /** Neighbours per image in the neighbour layout's graph. */
    static final int GRAPH_NEIGHBOURS = 15;
    /** Past this many images the graph's neighbours are searched among a seeded sample of this many. */
    static final int MAX_REFERENCE = 20_000;
    // UMAP's similarity curve 1 / (1 + a d^(2b)) with a = b = 1 (the Cauchy kernel LargeVis and t-SNE use): no
    // powers to compute, five times faster than UMAP's fitted a and b, and groups come apart as well.
    private static final int NEGATIVE_SAMPLES = 5;

    /**
     * A neighbour layout: the images' nearest-neighbour graph ({@value #GRAPH_NEIGHBOURS} per image, cosine on 32
     * principal components) laid out in 2-D the way UMAP does it, starting from the principal-component map,
     * pulling neighbours together and pushing random pairs apart by stochastic gradient descent. Groups of
     * look-alikes that the first two components overlap come apart. Seeded, so the same features give the same
     * map; timed by {@code loupe bench-map}.
     */
    public static Layout neighbours(Map<String, float[]> vectors, long seed, dev.loupe.work.ProgressListener progress,
                                    dev.loupe.work.CancellationToken cancel) {
        Layout start = principalComponents(vectors);
        int n = start.size();
        if (n < 4) {
            return start;
        }
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = LabelIssueFinder.powerNormalize(vectors.get(start.shas().get(i)));
        }
        float[][] search = Projection.principalComponents(rows, FeatureGeometry.NEIGHBOUR_DIMENSIONS);
        progress.progress(0, 100, "Finding each image's neighbours");
        CosineNeighbours.Result graph = CosineNeighbours.nearest(search, Math.min(GRAPH_NEIGHBOURS, n - 1),
                MAX_REFERENCE, seed);
        cancel.throwIfCancelled();
        // Edges both ways, once each.
        java.util.Set<Long> seen = new java.util.HashSet<>();
        List<int[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j : graph.index()[i]) {
                long key = (long) Math.min(i, j) * n + Math.max(i, j);
                if (i != j && seen.add(key)) {
                    edges.add(new int[] {i, j});
                }
            }
        }
        // Start from the principal components, scaled to a box of side 20 (UMAP's usual spread).
        double span = Math.max(start.maxX() - start.minX(), start.maxY() - start.minY());
        double scale = 20 / Math.max(1e-9, span);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (start.x()[i] - (start.minX() + start.maxX()) / 2) * scale;
            y[i] = (start.y()[i] - (start.minY() + start.maxY()) / 2) * scale;
        }
        int epochs = n > 20_000 ? 100 : 200;
        java.util.Random random = new java.util.Random(seed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            cancel.throwIfCancelled();
            double rate = 1.0 - (double) epoch / epochs;
            for (int[] e : edges) {
                pull(x, y, e[0], e[1], rate);
                for (int s = 0; s < NEGATIVE_SAMPLES; s++) {
                    push(x, y, e[0], random.nextInt(n), rate);
                }
            }
            progress.progress(10 + 90L * (epoch + 1) / epochs, 100, "Laying out the neighbour map");
        }
        float[] fx = new float[n];
        float[] fy = new float[n];
        for (int i = 0; i < n; i++) {
            fx[i] = (float) x[i];
            fy[i] = (float) y[i];
        }
        double[] bx = bounds(fx);
        double[] by = bounds(fy);
        return new Layout(start.shas(), fx, fy, bx[0], bx[1], by[0], by[1]);
    }

    /** Moves neighbours {@code i} and {@code j} towards each other. */
    private static void pull(double[] x, double[] y, int i, int j, double rate) {
        double dx = x[i] - x[j];
        double dy = y[i] - y[j];
        double d2 = dx * dx + dy * dy;
        if (d2 <= 0) {
            return;
        }
        double coefficient = -2 / (1 + d2);
        double gx = clip(coefficient * dx) * rate;
        double gy = clip(coefficient * dy) * rate;
        x[i] += gx;
        y[i] += gy;
        x[j] -= gx;
        y[j] -= gy;
    }

    /** Moves {@code i} away from a random image {@code k}. */
    private static void push(double[] x, double[] y, int i, int k, double rate) {
        if (i == k) {
            return;
        }
        double dx = x[i] - x[k];
        double dy = y[i] - y[k];
        double d2 = dx * dx + dy * dy;
        double coefficient = 2 / ((0.001 + d2) * (1 + d2));
        x[i] += clip(coefficient * dx) * rate;
        y[i] += clip(coefficient * dy) * rate;
    }

    private static double clip(double g) {
        return Math.max(-4, Math.min(4, g));
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

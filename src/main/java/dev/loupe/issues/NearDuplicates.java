package dev.loupe.issues;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Finds pairs of feature vectors with cosine similarity above a threshold without comparing every pair:
 * random-hyperplane signatures (SimHash) split into bands, and only vectors that share a band are compared.
 */
final class NearDuplicates {

    private static final int BITS = 64;
    private static final int BANDS = 8;

    private NearDuplicates() {
    }

    /** Pairs {i, j} (i < j) with cosine(x_i, x_j) ≥ threshold. Seeded, so the result is reproducible. */
    static List<int[]> pairs(float[][] x, double threshold, long seed) {
        int n = x.length;
        if (n < 2) {
            return List.of();
        }
        int d = x[0].length;
        double[] mean = new double[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        Random random = new Random(seed);
        double[][] planes = new double[BITS][d];
        for (double[] plane : planes) {
            for (int j = 0; j < d; j++) {
                plane[j] = random.nextGaussian();
            }
        }
        long[] signature = new long[n];
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += x[i][j] * x[i][j];
            }
            norms[i] = Math.sqrt(norm);
            long sig = 0;
            for (int b = 0; b < BITS; b++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += (x[i][j] - mean[j]) * planes[b][j];
                }
                if (dot >= 0) {
                    sig |= 1L << b;
                }
            }
            signature[i] = sig;
        }
        List<int[]> out = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int width = BITS / BANDS;
        for (int band = 0; band < BANDS; band++) {
            Map<Long, List<Integer>> buckets = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long key = (signature[i] >>> (band * width)) & ((1L << width) - 1);
                buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
            for (List<Integer> bucket : buckets.values()) {
                if (bucket.size() < 2 || bucket.size() > 200) {
                    continue; // very large buckets are a dense region, not duplicates; skip the quadratic work
                }
                for (int a = 0; a < bucket.size(); a++) {
                    for (int b = a + 1; b < bucket.size(); b++) {
                        int i = bucket.get(a);
                        int j = bucket.get(b);
                        if (Long.bitCount(signature[i] ^ signature[j]) > 6) {
                            continue;
                        }
                        long pairKey = (long) Math.min(i, j) * n + Math.max(i, j);
                        if (!seen.add(pairKey)) {
                            continue;
                        }
                        double dot = 0;
                        for (int k = 0; k < d; k++) {
                            dot += x[i][k] * x[j][k];
                        }
                        double cos = dot / Math.max(1e-12, norms[i] * norms[j]);
                        if (cos >= threshold) {
                            out.add(new int[] {Math.min(i, j), Math.max(i, j)});
                        }
                    }
                }
            }
        }
        return out;
    }
}

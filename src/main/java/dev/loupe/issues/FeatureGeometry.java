package dev.loupe.issues;

import dev.loupe.engine.Projection;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What ranking needs from the features alone, without labels: each image's normalised vector, its principal
 * components and its nearest neighbours. Moves change labels, not features, so the geometry of the last feature
 * set is kept: re-ranking after a batch of moves goes straight to the heads. It is computed in one canonical order
 * (by content hash), so that the ranking does not depend on the order the catalog lists images in.
 */
final class FeatureGeometry {

    /** Neighbours are searched on this many leading principal components (measured: as good as all 64). */
    static final int NEIGHBOUR_DIMENSIONS = 32;

    /** The rows, in the order the caller gave them. */
    final float[][] normalized;
    final float[][] projected;
    /** Null unless asked for; indices into the caller's order. */
    final CosineNeighbours.Result neighbours;
    /** Whether {@link #projected} holds principal components (false: too few rows or dimensions to reduce). */
    final boolean reduced;

    private record Memo(long key, float[][] normalized, float[][] projected, CosineNeighbours.Result neighbours) {
    }

    private static Memo last;

    private FeatureGeometry(float[][] normalized, float[][] projected, CosineNeighbours.Result neighbours,
                            boolean reduced) {
        this.normalized = normalized;
        this.projected = projected;
        this.neighbours = neighbours;
        this.reduced = reduced;
    }

    /**
     * The geometry of {@code vectors} ({@code shas[i]} is row i's content hash), with up to {@code candidates}
     * neighbours per row when {@code candidates > 0}.
     */
    static FeatureGeometry of(List<String> shas, List<float[]> vectors, int dims, int candidates, int maxReference,
                              long seed) {
        int n = shas.size();
        Integer[] boxed = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparing(shas::get));
        int[] canonical = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray(); // position -> caller's row
        long key = 1469598103934665603L ^ seed;
        key = key * 31 + n * 7L + dims * 131L + candidates * 8191L + maxReference;
        for (int row : canonical) {
            key = key * 1099511628211L + shas.get(row).hashCode();
            key = key * 1099511628211L + Arrays.hashCode(vectors.get(row));
        }
        Memo memo = lookup(key);
        if (memo == null) {
            float[][] normalized = new float[n][];
            for (int p = 0; p < n; p++) {
                normalized[p] = LabelIssueFinder.powerNormalize(vectors.get(canonical[p]));
            }
            float[][] projected = Projection.principalComponents(normalized, dims);
            CosineNeighbours.Result neighbours = null;
            if (candidates > 0) {
                float[][] search = projected;
                if (projected != normalized && projected[0].length > NEIGHBOUR_DIMENSIONS) {
                    search = Arrays.stream(projected).map(v -> Arrays.copyOf(v, NEIGHBOUR_DIMENSIONS))
                            .toArray(float[][]::new);
                }
                neighbours = CosineNeighbours.nearest(search, candidates, maxReference, seed);
            }
            memo = new Memo(key, normalized, projected, neighbours);
            remember(memo);
        }
        float[][] normalized = new float[n][];
        float[][] projected = new float[n][];
        for (int p = 0; p < n; p++) {
            normalized[canonical[p]] = memo.normalized()[p];
            projected[canonical[p]] = memo.projected()[p];
        }
        CosineNeighbours.Result neighbours = null;
        if (memo.neighbours() != null) {
            int[][] index = new int[n][];
            float[][] similarity = new float[n][];
            for (int p = 0; p < n; p++) {
                int[] found = memo.neighbours().index()[p];
                int[] mapped = new int[found.length];
                for (int q = 0; q < found.length; q++) {
                    mapped[q] = canonical[found[q]];
                }
                index[canonical[p]] = mapped;
                similarity[canonical[p]] = memo.neighbours().similarity()[p];
            }
            neighbours = new CosineNeighbours.Result(index, similarity);
        }
        return new FeatureGeometry(normalized, projected, neighbours, memo.projected() != memo.normalized());
    }

    private static synchronized Memo lookup(long key) {
        return last != null && last.key() == key ? last : null;
    }

    private static synchronized void remember(Memo memo) {
        last = memo;
    }
}

package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The map's two layouts on features with planted groups: neighbours stay neighbours, and runs repeat. */
class FeatureMapTest {

    /** Eight loose groups of 60 look-alikes in 48 dimensions: more than two principal components can keep apart. */
    private static Map<String, float[]> groups(Map<String, Integer> groupOf) {
        Random r = new Random(11);
        float[][] centres = new float[8][48];
        for (float[] c : centres) {
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) Math.max(0, r.nextGaussian());
            }
        }
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 480; i++) {
            int g = i % 8;
            float[] v = new float[48];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) Math.max(0, centres[g][j] + 0.45 * r.nextGaussian());
            }
            String sha = String.format("%064x", i);
            vectors.put(sha, v);
            groupOf.put(sha, g);
        }
        return vectors;
    }

    /** The share of points whose nearest point on the map is of their own group. */
    private static double sameGroupNearest(FeatureMap.Layout map, Map<String, Integer> groupOf) {
        int same = 0;
        for (int i = 0; i < map.size(); i++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < map.size(); j++) {
                double dx = map.x()[i] - map.x()[j];
                double dy = map.y()[i] - map.y()[j];
                double d = dx * dx + dy * dy;
                if (j != i && d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            if (groupOf.get(map.shas().get(i)).equals(groupOf.get(map.shas().get(best)))) {
                same++;
            }
        }
        return (double) same / map.size();
    }

    @Test
    void theNeighbourLayoutKeepsLookAlikesTogetherWhereTwoComponentsCannotAndRepeatsItself() {
        Map<String, Integer> groupOf = new HashMap<>();
        Map<String, float[]> vectors = groups(groupOf);
        FeatureMap.Layout pca = FeatureMap.principalComponents(vectors);
        FeatureMap.Layout spread = FeatureMap.neighbours(vectors, 42, ProgressListener.NONE, CancellationToken.none());
        assertEquals(480, spread.size());
        assertEquals(pca.shas(), spread.shas(), "the same images in the same order");
        for (int i = 0; i < spread.size(); i++) {
            assertTrue(Float.isFinite(spread.x()[i]) && Float.isFinite(spread.y()[i]));
        }
        double neighbours = sameGroupNearest(spread, groupOf);
        double components = sameGroupNearest(pca, groupOf);
        assertTrue(neighbours >= 0.97, "each image's nearest point on the neighbour map is a look-alike: " + neighbours);
        assertTrue(neighbours > components + 0.1, "clearly better than two components (" + components + ")");
        FeatureMap.Layout again = FeatureMap.neighbours(vectors, 42, ProgressListener.NONE, CancellationToken.none());
        assertArrayEquals(spread.x(), again.x(), "seeded: the same map every time");
        assertTrue(List.of(spread.minX(), spread.minY()).stream().allMatch(v -> v < 0), "centred");
    }
}

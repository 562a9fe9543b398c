package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The neighbour search gives what a brute-force search gives, also with a sample of candidates. */
class CosineNeighboursTest {

    private static float[][] random(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += a[j] * b[j];
            na += a[j] * a[j];
            nb += b[j] * b[j];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void theNearestRowsAreTheBruteForceOnes() {
        float[][] x = random(600, 24, 1);
        CosineNeighbours.Result result = CosineNeighbours.nearest(x, 5, 10_000, 1);
        for (int i : new int[] {0, 255, 256, 599}) {
            int row = i;
            int[] expected = IntStream.range(0, x.length).filter(j -> j != row).boxed()
                    .sorted(Comparator.comparingDouble(j -> -cosine(x[row], x[j]))).limit(5)
                    .mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, result.index()[i], "row " + i);
            assertEquals(cosine(x[i], x[expected[0]]), result.similarity()[i][0], 1e-4);
        }
    }

    @Test
    void pastTheReferenceLimitCandidatesComeFromASampleAndARowNeverFindsItself() {
        float[][] x = random(300, 8, 2);
        CosineNeighbours.Result result = CosineNeighbours.nearest(x, 3, 50, 3);
        long distinctCandidates = Arrays.stream(result.index()).flatMapToInt(Arrays::stream).distinct().count();
        assertTrue(distinctCandidates <= 50, "candidates: " + distinctCandidates);
        for (int i = 0; i < x.length; i++) {
            int row = i;
            assertTrue(Arrays.stream(result.index()[i]).noneMatch(j -> j == row), "row " + i + " found itself");
            assertTrue(result.index()[i].length >= 2);
        }
    }

    @Test
    void aTinySetGivesAsManyNeighboursAsThereAre() {
        CosineNeighbours.Result result = CosineNeighbours.nearest(random(3, 4, 4), 10, 100, 1);
        assertEquals(2, result.index()[0].length);
    }
}

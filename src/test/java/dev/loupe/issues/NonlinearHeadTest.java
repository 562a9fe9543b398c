package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.work.CancellationToken;
import dev.loupe.work.ProgressListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Classes that no line separates (each one two clusters, set crosswise, as when "road" holds both city streets
 * and country lanes): the default head's neighbour vote finds the planted errors, the linear head alone cannot.
 */
class NonlinearHeadTest {

    private static final List<String> CLASSES = List.of("road", "not-road");

    private record Planted(List<LabelIssueFinder.Item> items, Map<String, float[]> vectors, Set<String> flipped) {
    }

    /** 400 images in four clusters, opposite corners sharing a class (XOR); 40 of them misfiled. */
    private static Planted crosswise(long seed) {
        Random r = new Random(seed);
        List<LabelIssueFinder.Item> items = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        Set<String> flipped = new HashSet<>();
        for (int i = 0; i < 400; i++) {
            int cluster = i % 4;
            float[] v = new float[16];
            v[0] = (float) ((cluster == 0 || cluster == 1 ? 3 : -3) + r.nextGaussian() * 0.7);
            v[1] = (float) ((cluster == 0 || cluster == 2 ? 3 : -3) + r.nextGaussian() * 0.7);
            for (int j = 2; j < v.length; j++) {
                v[j] = (float) (r.nextGaussian() * 0.5);
            }
            int truth = cluster == 0 || cluster == 3 ? 0 : 1;
            int given = i % 10 == 7 ? 1 - truth : truth;
            String path = CLASSES.get(given) + "/img" + i + ".jpg";
            if (given != truth) {
                flipped.add(path);
            }
            items.add(new LabelIssueFinder.Item(path, "h" + i, given));
            vectors.put("h" + i, v);
        }
        return new Planted(items, vectors, flipped);
    }

    private static long foundInTopK(Planted data, LabelIssueFinder.Head head) {
        ScoreReport report = new LabelIssueFinder().score(CLASSES, data.items(), data.vectors(), Map.of(),
                LabelIssueFinder.Config.defaults().withHead(head), ProgressListener.NONE, CancellationToken.none());
        int k = data.flipped().size();
        return report.queue().subList(0, k).stream().filter(s -> data.flipped().contains(s.path())).count();
    }

    @Test
    void theNeighbourVoteFindsErrorsALinearHeadMisses() {
        Planted data = crosswise(7);
        assertEquals(40, data.flipped().size());
        long linear = foundInTopK(data, LabelIssueFinder.Head.LINEAR);
        long knn = foundInTopK(data, LabelIssueFinder.Head.LINEAR_KNN);
        assertTrue(knn >= 36, "linear+knn found " + knn + " of 40 planted errors in its top 40");
        assertTrue(linear <= 20, "a linear head cannot tell these classes apart, yet found " + linear + " of 40");
    }

    @Test
    void theDefaultIsTheNeighbourVoteAndHeadsAreNamedOnTheCommandLine() {
        assertEquals(LabelIssueFinder.Head.LINEAR_KNN, LabelIssueFinder.Config.defaults().head());
        assertEquals(LabelIssueFinder.Head.LINEAR, LabelIssueFinder.Head.parse("linear"));
        assertEquals(LabelIssueFinder.Head.LINEAR_KNN, LabelIssueFinder.Head.parse("Linear+KNN"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelIssueFinder.Head.parse("svm"));
        assertTrue(e.getMessage().contains("linear or linear+knn"), e.getMessage());
    }
}

package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A scraped batch of look-alikes misfiled together is fixed in two decisions with "more like this". */
class LookAlikeReviewTest {

    @Test
    void aMisfiledBatchIsFixedWithTwoDecisionsInsteadOfOneEach() {
        Random r = new Random(3);
        List<ReviewBudgetCurve.Image> images = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            int c = i % 2;
            add(images, vectors, "c" + c + "/" + i, c, c, vector(r, c == 0 ? 0 : 1, -1));
        }
        // Six pictures of class 1, scraped by one query (they share a look), all filed as class 0.
        for (int i = 0; i < 6; i++) {
            add(images, vectors, "c0/batch" + i, 0, 1, vector(r, 1, 2));
        }
        add(images, vectors, "c1/lonely", 1, 0, vector(r, 0, -1)); // one misfiled picture without look-alikes
        List<String> queue = new ArrayList<>(List.of("c0/batch0", "c0/0", "c1/lonely", "c0/batch1", "c0/batch2",
                "c0/batch3", "c0/batch4", "c0/batch5"));
        images.stream().map(ReviewBudgetCurve.Image::path).filter(p -> !queue.contains(p)).forEach(queue::add);

        List<LookAlikeReview.Point> points = LookAlikeReview.simulate(images, queue, vectors, List.of(1, 2, 4, 8), 20);
        assertEquals(List.of(1, 1, 3, 7), points.stream().map(LookAlikeReview.Point::oneAtATime).toList(),
                "one at a time: the planted errors among the first N suspects");
        assertEquals(List.of(1, 6, 7, 7), points.stream().map(LookAlikeReview.Point::withLookAlikes).toList(),
                "the first suspect and its five look-alikes take two decisions; a correct suspect takes one and fixes "
                        + "nothing; the lonely error one more");
    }

    private static void add(List<ReviewBudgetCurve.Image> images, Map<String, float[]> vectors, String path, int filed,
                            int truth, float[] v) {
        String sha = Integer.toHexString(path.hashCode()) + "0000000000000000";
        images.add(new ReviewBudgetCurve.Image(path, sha, filed, truth));
        vectors.put(sha, v);
    }

    /** A class direction, optionally with a shared look (another strong direction), and a little noise. */
    private static float[] vector(Random r, int axis, int look) {
        float[] v = new float[8];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) Math.abs(0.05 * r.nextGaussian());
        }
        v[axis] += 1;
        if (look >= 0) {
            v[look] += 1.5f;
        }
        return v;
    }
}

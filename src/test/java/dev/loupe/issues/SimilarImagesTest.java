package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Planted look-alikes (one scraped query's pictures, some filed under each class) are what "more like this"
 * returns, best first, limited to a class when asked.
 */
class SimilarImagesTest {

    private final List<SimilarImages.Candidate> candidates = new ArrayList<>();
    private final Map<String, float[]> vectors = new HashMap<>();

    /** 300 images around 10 directions in 32-d; cluster c holds images c, c+10, c+20, ... */
    SimilarImagesTest() {
        Random r = new Random(5);
        float[][] centres = new float[10][32];
        for (float[] centre : centres) {
            for (int j = 0; j < centre.length; j++) {
                centre[j] = (float) Math.abs(r.nextGaussian() * 2);
            }
        }
        for (int i = 0; i < 300; i++) {
            float[] v = new float[32];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) Math.abs(centres[i % 10][j] + r.nextGaussian() * 0.3);
            }
            String label = i % 3 == 0 ? "not-road" : "road";
            candidates.add(new SimilarImages.Candidate(label + "/" + i + ".jpg", "h" + i, label));
            vectors.put("h" + i, v);
        }
    }

    private static int cluster(SimilarImages.Match m) {
        String name = m.image().path().substring(m.image().path().indexOf('/') + 1);
        return Integer.parseInt(name.substring(0, name.indexOf('.'))) % 10;
    }

    @Test
    void theLookAlikesOfAnImageAreItsClusterBestFirst() {
        List<SimilarImages.Match> found = SimilarImages.like(Set.of("road/4.jpg"), candidates, vectors, 29, c -> true);
        assertEquals(29, found.size());
        assertTrue(found.stream().allMatch(m -> cluster(m) == 4), "every look-alike from the planted cluster");
        assertTrue(found.stream().noneMatch(m -> m.image().path().equals("road/4.jpg")), "not the image itself");
        for (int i = 1; i < found.size(); i++) {
            assertTrue(found.get(i - 1).similarity() >= found.get(i).similarity(), "best first");
        }
    }

    @Test
    void limitedToOneClassAndFromSeveralImagesAtOnce() {
        List<SimilarImages.Match> found = SimilarImages.like(Set.of("road/7.jpg", "road/17.jpg"), candidates,
                vectors, 10, c -> c.label().equals("not-road"));
        assertEquals(10, found.size(), "cluster 7 has 10 images filed as not-road");
        assertTrue(found.stream().allMatch(m -> cluster(m) == 7 && m.image().label().equals("not-road")));
    }

    @Test
    void anIdenticalCopyComesFirstAndNoFeaturesIsAClearError() {
        candidates.add(new SimilarImages.Candidate("not-road/copy.jpg", "h4", "not-road"));
        List<SimilarImages.Match> found = SimilarImages.like(Set.of("road/4.jpg"), candidates, vectors, 3, c -> true);
        assertEquals("not-road/copy.jpg", found.get(0).image().path());
        assertEquals(1.0, found.get(0).similarity(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimilarImages.like(Set.of("road/none.jpg"), candidates, vectors, 3, c -> true));
        assertTrue(e.getMessage().contains("score the dataset"), e.getMessage());
    }
}

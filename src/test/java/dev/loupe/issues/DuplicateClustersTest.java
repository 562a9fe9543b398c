package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact and near copies form one cluster; cross-class clusters come first; the keeper is a sensible pick. */
class DuplicateClustersTest {

    private final List<DuplicateClusters.Member> images = new ArrayList<>();
    private final Map<String, float[]> vectors = new HashMap<>();
    private final Random random = new Random(9);

    private float[] picture() {
        float[] v = new float[48];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) Math.abs(random.nextGaussian());
        }
        return v;
    }

    private void add(String path, String sha, float[] v, int side) {
        images.add(new DuplicateClusters.Member(path, sha, path.substring(0, path.indexOf('/')), side, side,
                side * 100L));
        vectors.put(sha, v);
    }

    @Test
    void copiesAndResizedCopiesClusterAndTheKeeperIsTheLargestInTheMajorityClass() {
        float[] street = picture();
        float[] resized = street.clone();
        resized[3] *= 1.01f;
        add("road/street.jpg", "s1", street, 200);
        add("road/street-copy.jpg", "s1", street, 200);       // the same bytes
        add("not-road/street-big.jpg", "s2", resized, 800);   // resized, filed under the other class
        float[] lake = picture();
        add("not-road/lake.jpg", "l1", lake, 300);
        add("not-road/lake-small.jpg", "l2", lake.clone(), 100);
        for (int i = 0; i < 30; i++) {
            add((i % 2 == 0 ? "road/" : "not-road/") + "other" + i + ".jpg", "o" + i, picture(), 224);
        }
        List<DuplicateClusters.Cluster> clusters = DuplicateClusters.find(images, vectors, 0.995, 1);
        assertEquals(2, clusters.size(), clusters.toString());
        DuplicateClusters.Cluster street1 = clusters.get(0);
        assertTrue(street1.crossClass(), "the cluster across classes comes first");
        assertEquals(3, street1.members().size());
        assertEquals(List.of("road", "not-road"), street1.labels());
        assertEquals("road", street1.keep().label(),
                "two of three are filed as road: keep one of those (the larger not-road copy is the odd one out)");
        assertEquals("road/street-copy.jpg", street1.keep().path(), "equal copies: the first by name");
        assertEquals(street1.keep(), street1.members().get(0), "the keeper is listed first");
        DuplicateClusters.Cluster lake1 = clusters.get(1);
        assertFalse(lake1.crossClass());
        assertEquals("not-road/lake.jpg", lake1.keep().path(), "the larger of two in one class");
    }
}

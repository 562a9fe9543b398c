package dev.loupe.issues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loupe.dataset.StableSplit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Planted near-duplicate twins: exactly those that the split puts in different parts are reported. */
class SplitLeakageTest {

    private static String sha(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void twinsInDifferentPartsAreReportedAndTwinsInOnePartAreNot() {
        Random r = new Random(3);
        List<SplitLeakage.Image> images = new ArrayList<>();
        Map<String, float[]> vectors = new HashMap<>();
        StableSplit split = new StableSplit(20, 20);
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < 60; t++) {
            float[] v = new float[64];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) Math.abs(r.nextGaussian());
            }
            float[] twin = v.clone();
            twin[t % 64] *= 1.01f; // a resized copy: not the same bytes, nearly the same features
            String a = sha("a" + t);
            String b = sha("b" + t);
            images.add(new SplitLeakage.Image("road/a" + t + ".jpg", a));
            images.add(new SplitLeakage.Image("road/b" + t + ".jpg", b));
            vectors.put(a, v);
            vectors.put(b, twin);
            if (split.of(a) != split.of(b)) {
                expected.add("road/a" + t + ".jpg ~ road/b" + t + ".jpg");
            }
        }
        // An exact copy shares its content hash: always in the same part, never reported.
        images.add(new SplitLeakage.Image("not-road/copy-of-a0.jpg", sha("a0")));
        List<SplitLeakage.Pair> found = SplitLeakage.find(images, vectors, split, 0.995, 1);
        Set<String> reported = new HashSet<>();
        for (SplitLeakage.Pair p : found) {
            assertTrue(p.partA() != p.partB(), "a pair in one part is no leak: " + p);
            assertTrue(p.similarity() >= 0.995, p.toString());
            String a = p.pathA().contains("/a") ? p.pathA() : p.pathB();
            String b = a.equals(p.pathA()) ? p.pathB() : p.pathA();
            reported.add(a + " ~ " + b);
        }
        assertTrue(expected.size() >= 10, "the split puts enough twins apart to test anything: " + expected.size());
        assertEquals(expected, reported);
    }
}

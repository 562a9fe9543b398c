package dev.loupe.issues;

import dev.loupe.dataset.StableSplit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Near-duplicates on both sides of the stable split. The split goes by content hash, so exact copies always
 * land in the same part; a resized or re-encoded copy does not, and one in the training part with its twin in
 * the test part makes test accuracy look better than it is. Found among the cached features with the same
 * near-duplicate search as scoring (cosine of the power-normalised features at or above a threshold).
 */
public final class SplitLeakage {

    /** One image: where it is filed and its content hash. */
    public record Image(String path, String sha256) {
    }

    /** Two near-identical pictures in different parts of the split. */
    public record Pair(String pathA, StableSplit.Part partA, String pathB, StableSplit.Part partB, double similarity) {
    }

    private SplitLeakage() {
    }

    /** The pairs that straddle {@code split}, most similar first; images without cached features are skipped. */
    public static List<Pair> find(List<Image> images, Map<String, float[]> vectors, StableSplit split,
                                  double threshold, long seed) {
        Map<String, String> byHash = new LinkedHashMap<>(); // one path per content: copies share a part anyway
        for (Image image : images) {
            if (vectors.containsKey(image.sha256())) {
                byHash.putIfAbsent(image.sha256(), image.path());
            }
        }
        List<String> hashes = new ArrayList<>(byHash.keySet());
        float[][] x = new float[hashes.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = LabelIssueFinder.powerNormalize(vectors.get(hashes.get(i)));
        }
        List<Pair> out = new ArrayList<>();
        for (int[] pair : NearDuplicates.pairs(x, threshold, seed)) {
            String a = hashes.get(pair[0]);
            String b = hashes.get(pair[1]);
            StableSplit.Part partA = split.of(a);
            StableSplit.Part partB = split.of(b);
            if (partA != partB) {
                double dot = 0;
                for (int j = 0; j < x[pair[0]].length; j++) {
                    dot += x[pair[0]][j] * x[pair[1]][j];
                }
                out.add(new Pair(byHash.get(a), partA, byHash.get(b), partB, dot));
            }
        }
        out.sort(Comparator.comparingDouble(Pair::similarity).reversed().thenComparing(Pair::pathA));
        return out;
    }
}

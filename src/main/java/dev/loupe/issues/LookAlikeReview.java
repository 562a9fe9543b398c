package dev.loupe.issues;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many planted errors a simulated reviewer fixes with N decisions, one suspect at a time against "more like
 * this". A decision is one key press on the selection. One at a time: each suspect, best first, is one decision.
 * With look-alikes: each suspect is one decision too, and when it was misfiled the reviewer opens its look-alikes
 * still filed under the same wrong class ({@link SimilarImages}, the top {@code shown}), selects those that are
 * misfiled the same way (the true labels stand in for the reviewer's eye) and moves them with one more decision.
 */
public final class LookAlikeReview {

    /** Errors fixed after {@code decisions} decisions, each way. */
    public record Point(int decisions, int oneAtATime, int withLookAlikes) {
    }

    private LookAlikeReview() {
    }

    /**
     * @param images the dataset with its filed (noisy) and true labels
     * @param queue  the suspects, best first (catalog paths)
     */
    public static List<Point> simulate(List<ReviewBudgetCurve.Image> images, List<String> queue,
                                       Map<String, float[]> vectors, List<Integer> budgets, int shown) {
        Map<String, ReviewBudgetCurve.Image> byPath = new HashMap<>();
        List<SimilarImages.Candidate> candidates = new ArrayList<>();
        for (ReviewBudgetCurve.Image image : images) {
            byPath.put(image.path(), image);
            candidates.add(new SimilarImages.Candidate(image.path(), image.sha256(), String.valueOf(image.filed())));
        }
        List<Point> points = new ArrayList<>();
        for (int budget : budgets) {
            int single = 0;
            for (String path : queue.subList(0, Math.min(budget, queue.size()))) {
                ReviewBudgetCurve.Image image = byPath.get(path);
                if (image != null && image.filed() != image.truth()) {
                    single++;
                }
            }
            points.add(new Point(budget, single, withLookAlikes(byPath, candidates, queue, vectors, budget, shown)));
        }
        return points;
    }

    private static int withLookAlikes(Map<String, ReviewBudgetCurve.Image> byPath, List<SimilarImages.Candidate> all,
                                      List<String> queue, Map<String, float[]> vectors, int budget, int shown) {
        Set<String> fixed = new HashSet<>();
        Set<String> decided = new HashSet<>();
        int decisions = 0;
        for (String path : queue) {
            if (decisions >= budget) {
                break;
            }
            ReviewBudgetCurve.Image suspect = byPath.get(path);
            if (suspect == null || decided.contains(path)) {
                continue; // moved already, with an earlier suspect's look-alikes
            }
            decisions++;
            decided.add(path);
            if (suspect.filed() == suspect.truth()) {
                continue;
            }
            fixed.add(path);
            if (decisions >= budget || !vectors.containsKey(suspect.sha256())) {
                continue;
            }
            String wrongClass = String.valueOf(suspect.filed());
            List<SimilarImages.Match> alike = SimilarImages.like(Set.of(path), all, vectors, shown,
                    c -> c.label().equals(wrongClass) && !decided.contains(c.path()));
            List<String> same = new ArrayList<>();
            for (SimilarImages.Match m : alike) {
                ReviewBudgetCurve.Image image = byPath.get(m.image().path());
                if (image.truth() == suspect.truth()) {
                    same.add(image.path());
                }
            }
            if (!same.isEmpty()) {
                decisions++;
                decided.addAll(same);
                fixed.addAll(same);
            }
        }
        return fixed.size();
    }
}

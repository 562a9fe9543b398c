package dev.loupe.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One class's health, as the Classes tab lists it: its images, the label errors confident learning estimates
 * among them, the suspects nobody has decided yet, the duplicate clusters it has images in, and the class it is
 * most confused with (estimated errors both ways). Pure: computed from the grid's tiles and the ranking.
 *
 * @param clusters      duplicate clusters with an image filed here, or -1 when the clusters are not known yet
 * @param confusedWith  the other class with the most estimated errors between the two, or null
 */
record ClassHealth(String name, int images, long estimatedErrors, int suspectsLeft, int clusters, String confusedWith,
                   long confusedErrors) {

    /** The health of every class in {@code classes} (sidebar order; buckets left out). */
    static List<ClassHealth> of(List<ClassSummary> classes, List<ImageTile> tiles, List<ClassPair> pairs,
                                Map<String, ClusterQueue.Place> places, boolean clustersKnown) {
        Map<String, Integer> suspects = new HashMap<>();
        Map<String, Set<Integer>> inClusters = new HashMap<>();
        for (ImageTile t : tiles) {
            if (t.suspect() && !t.reviewed()) {
                suspects.merge(t.label(), 1, Integer::sum);
            }
            ClusterQueue.Place p = places.get(t.sha256());
            if (p != null) {
                inClusters.computeIfAbsent(t.label(), l -> new HashSet<>()).add(p.cluster());
            }
        }
        List<ClassHealth> rows = new ArrayList<>();
        for (ClassSummary c : classes) {
            if (c.bucket()) {
                continue;
            }
            long errors = 0;
            Map<String, Long> between = new HashMap<>();
            for (ClassPair pair : pairs) {
                if (pair.filed().equals(c.name())) {
                    errors += pair.estimated();
                    between.merge(pair.looks(), pair.estimated(), Long::sum);
                } else if (pair.looks().equals(c.name())) {
                    between.merge(pair.filed(), pair.estimated(), Long::sum);
                }
            }
            String worst = null;
            long worstCount = 0;
            for (Map.Entry<String, Long> e : between.entrySet()) {
                if (e.getValue() > worstCount || (e.getValue() == worstCount && worst != null && e.getKey().compareTo(worst) < 0)) {
                    worst = e.getKey();
                    worstCount = e.getValue();
                }
            }
            rows.add(new ClassHealth(c.name(), c.count(), errors, suspects.getOrDefault(c.name(), 0),
                    clustersKnown ? inClusters.getOrDefault(c.name(), Set.of()).size() : -1, worst, worstCount));
        }
        return rows;
    }
}
